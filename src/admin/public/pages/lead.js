// The contact / lead page (#lead/<id>): everything known about one person, and what staff do there.
import { get, itemsOf, post, request } from '../api.js';
import { fmtDate, fmtDay, getLang, t } from '../i18n.js';
import { countryName, isAdmin, labelOf } from '../labels.js';
import { explain } from '../shell.js';
import { dataTable, field, h, toast } from '../ui.js';
import { channelName, messageList } from './inbox.js';
import { statusChanger } from './leads.js';

const yesNo = (b) => (b === true ? t('ld.yes') : b === false ? t('ld.no') : '—');

function facts(rows) {
  return h('dl', { className: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

function registration(lead, communeName) {
  return h(
    'section',
    { className: 'card' },
    h('h2', {}, t('ld.registration')),
    facts([
      [t('leads.phone'), lead.phone],
      [t('ld.birthYear'), lead.birthYear],
      [t('leads.commune'), communeName?.[getLang()] ?? lead.communeText ?? t('ld.otherCommune')],
      [t('ld.markets'), lead.markets.map((m) => t(`m.${m}`)).join(', ')],
      [t('ld.education'), labelOf('education', lead.education)],
      [t('ld.passport'), yesNo(lead.hasPassport)],
      [t('ld.loan'), yesNo(lead.wantsLoan)],
      [t('ld.ethnicity'), lead.ethnicity],
      [t('ld.household'), labelOf('household', lead.householdCategory)],
      [t('leads.created'), fmtDate(lead.createdAt)],
      [t('ld.consent'), lead.consent ? `${fmtDate(lead.consent.at)} (${channelName(lead.consent.channel)})` : '—'],
      [t('ld.departure'), lead.departure ? `${t(`m.${lead.departure.market}`)} · ${fmtDay(lead.departure.at)}` : '—'],
    ]),
  );
}

function history(lead) {
  const rows = [...lead.statusHistory].reverse().map((s) =>
    h('tr', {}, h('td', {}, fmtDate(s.at)), h('td', {}, `${t(`ls.${s.from}`)} → ${t(`ls.${s.to}`)}`), h('td', {}, s.by), h('td', {}, s.note ?? '')),
  );
  return dataTable('status-history', [t('audit.at'), t('leads.status'), t('ld.by'), t('leads.note')], rows, t('ld.noHistory'));
}

function notes(o, reload) {
  const text = h('textarea', { name: 'note', maxLength: 1000, rows: 2 });
  const error = h('p', { className: 'error', role: 'alert' });
  const form = h('form', { dataset: { testid: 'note-form' } }, field(t('ld.newNote'), text), error, h('button', { className: 'btn', type: 'submit' }, t('ld.addNote')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) {
      error.textContent = t('ld.emptyNote');
      return;
    }
    try {
      await post(`/leads/${o.lead.id}/notes`, { text: text.value.trim() });
      toast(t('saved'));
      await reload();
    } catch (err) {
      error.textContent = explain(err);
    }
  });
  const list = o.notes.length
    ? h('ul', { className: 'notes', dataset: { testid: 'notes' } }, o.notes.map((n) => h('li', {}, h('div', { className: 'muted small' }, `${fmtDate(n.at)} · ${n.by}`), h('div', {}, n.text))))
    : h('p', { className: 'muted' }, t('ld.noNotes'));
  return h('section', { className: 'card' }, h('h2', {}, t('ld.notes')), list, form);
}

/** One line per channel (a list, not a table: it stays readable on a phone). */
function channels(o) {
  if (o.contacts.length === 0) return h('p', { className: 'muted' }, t('ld.noChannel'));
  return h(
    'ul',
    { className: 'plain channels', dataset: { testid: 'contacts' } },
    o.contacts.map((c) =>
      h(
        'li',
        {},
        h('strong', {}, channelName(c.channel)),
        c.displayName ? ` · ${c.displayName}` : '',
        h('span', { className: 'muted' }, ` · ${t('ld.lastMessage')}: ${fmtDate(c.lastInboundAt)}`),
        ' ',
        h('a', { href: `#inbox?c=${encodeURIComponent(c.id)}`, className: c.waitingForStaff ? 'strong' : '' }, c.waitingForStaff ? t('ld.waiting') : t('ld.openConversation')),
      ),
    ),
  );
}

function signups(o) {
  const rows = o.signups.map((s) =>
    h('tr', {}, h('td', {}, s.title), h('td', {}, s.startsAt ? fmtDate(s.startsAt) : '—'), h('td', {}, s.status === 'signed_up' ? t('ld.signedUp') : t('ld.signupCancelled')), h('td', { className: 'hide-sm' }, fmtDate(s.at))),
  );
  return dataTable('signups', [t('ld.conference'), t('conf.startsAt'), t('leads.status'), t('ld.when')], rows, t('ld.noSignups'));
}

function placements(o) {
  const rows = o.placements.map((p) =>
    h('tr', {}, h('td', {}, [countryName(p.country), p.city].filter(Boolean).join(', ')), h('td', {}, fmtDay(`${p.contractEnd}T12:00:00Z`)), h('td', {}, t(`ld.pl.${p.status}`)), h('td', {}, p.nudgesNext ? fmtDate(p.nudgesNext) : '—')),
  );
  return dataTable('placements', [t('pl.country'), t('pl.end'), t('pl.status'), t('pl.nextNudge')], rows, t('ld.noPlacements'));
}

function merger(o) {
  const q = h('input', { type: 'search', name: 'q', 'aria-label': t('ld.mergeSearch') });
  const results = h('div');
  const form = h('form', { className: 'row', dataset: { testid: 'merge-form' } }, field(t('ld.mergeSearch'), q), h('div', {}, h('button', { className: 'btn secondary', type: 'submit' }, t('ld.find'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!q.value.trim()) {
      results.replaceChildren(h('p', { className: 'error', role: 'alert' }, t('ld.mergeEmpty')));
      return;
    }
    try {
      const found = itemsOf(await get(`/leads?q=${encodeURIComponent(q.value.trim())}&pageSize=10`)).filter((l) => l.id !== o.lead.id && !l.erasedAt);
      results.replaceChildren(
        dataTable('merge-candidates', [t('leads.name'), t('leads.phone'), t('leads.status'), ''], found.map((l) =>
          h('tr', {}, h('td', {}, l.fullName ?? '—'), h('td', {}, l.phone ?? '—'), h('td', {}, t(`ls.${l.status}`)), h('td', {}, h('button', { className: 'btn secondary', type: 'button', onclick: () => merge(o.lead.id, l) }, t('ld.mergeInto')))),
        ), t('ld.noneFound')),
      );
    } catch (err) {
      results.replaceChildren(h('p', { className: 'error' }, explain(err)));
    }
  });
  return h('section', { className: 'card' }, h('h2', {}, t('ld.merge')), h('p', { className: 'muted' }, t('ld.mergeHelp')), form, results);
}

async function merge(leadId, into) {
  if (!confirm(`${t('ld.confirmMerge')} ${into.fullName ?? ''} ${into.phone ?? ''}`.trim())) return;
  try {
    await post(`/leads/${leadId}/merge`, { intoLeadId: into.id });
    toast(t('ld.merged'));
    location.hash = `#lead/${into.id}`;
  } catch (err) {
    toast(explain(err));
  }
}

async function erase(lead) {
  if (!confirm(t('ld.confirmErase'))) return;
  try {
    await request('DELETE', `/leads/${lead.id}`);
    toast(t('ld.erased'));
    location.hash = '#leads';
  } catch (err) {
    toast(explain(err));
  }
}

export async function renderLead(main) {
  const id = location.hash.replace(/^#lead\//, '').split('?')[0];
  const o = await get(`/leads/${encodeURIComponent(id)}/overview`);
  const reload = () => renderLead(main);
  const lead = o.lead;
  const status = h('div', { dataset: { testid: 'status-action' } }, h('button', { className: 'btn secondary', type: 'button', onclick: () => status.replaceChildren(statusChanger(lead, reload)) }, t('leads.change')));
  main.replaceChildren(h(
    'div',
    { className: 'lead-page' },
    h('p', {}, h('a', { href: '#leads' }, `← ${t('ld.back')}`)),
    h('h1', {}, lead.erasedAt ? t('ld.erasedName') : (lead.fullName ?? '—'), ' ', h('span', { className: 'pill', dataset: { testid: 'lead-status' } }, t(`ls.${lead.status}`))),
    lead.erasedAt ? h('p', { className: 'notice' }, `${t('ld.erasedOn')} ${fmtDate(lead.erasedAt)}`) : '',
    h('div', { className: 'lead-grid' }, registration(lead, o.communeName), h('div', {}, h('section', { className: 'card' }, h('h2', {}, t('ld.history')), history(lead), lead.erasedAt ? '' : status), lead.erasedAt ? '' : notes(o, reload))),
    h('section', { className: 'card' }, h('h2', {}, t('ld.channels')), channels(o)),
    h('section', { className: 'card' }, h('h2', {}, t('ld.signups')), signups(o)),
    h('section', { className: 'card' }, h('h2', {}, t('ld.placements')), placements(o)),
    h('section', { className: 'card' }, h('h2', {}, t('ld.messages')), messageList(o.messages)),
    lead.erasedAt ? '' : merger(o),
    lead.erasedAt ? '' : h('section', { className: 'card' }, h('h2', {}, t('ld.erase')), h('p', { className: 'muted' }, t('ld.eraseHelp')), isAdmin() ? h('button', { className: 'btn danger', type: 'button', onclick: () => erase(lead) }, t('ld.erase')) : h('p', { dataset: { testid: 'erase-admin-only' } }, t('ld.eraseAdminOnly'))),
  ));
}
