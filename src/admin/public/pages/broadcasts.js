import { get, itemsOf, post } from '../api.js';
import { fmtDate, fromOfficeInput, getLang, MARKETS, t, tf } from '../i18n.js';
import { channelsOn, communeLongName, communeName, communes } from '../labels.js';
import { explain, onLeave, showFieldErrors } from '../shell.js';
import { dataTable, field, h, toast } from '../ui.js';

const STATUSES = ['sent', 'pending', 'window_closed', 'failed', 'opted_out', 'cancelled'];
const CHANNEL_NAMES = { zalo: 'Zalo', messenger: 'Messenger' };

function checks(name, values, label) {
  return h('div', { className: 'checks', dataset: { group: name } }, values.map((v) => h('label', {}, h('input', { type: 'checkbox', name, value: v }), label(v))));
}
const checked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);

function audienceOf(form) {
  const a = {};
  for (const key of ['communes', 'markets', 'channels', 'languages']) {
    const v = checked(form, key);
    if (v.length) a[key] = v;
  }
  if (form.elements.conferenceId.value) a.conferenceId = form.elements.conferenceId.value;
  return a;
}

/** The audience in words, for the confirmation: "Xã Vũ Lăng; Sùng Tả (Trung Quốc); Zalo". */
function describeAudience(a, conferences) {
  const lang = getLang();
  const parts = [
    ...(a.communes ?? []).map((c) => communeName(c)),
    ...(a.markets ?? []).map((m) => t(`m.${m}`)),
    ...(a.channels ?? []).map((c) => CHANNEL_NAMES[c]),
    ...(a.languages ?? []).map((l) => (l === 'vi' ? 'Tiếng Việt' : 'English')),
  ];
  const conf = conferences.find((c) => c.id === a.conferenceId);
  if (conf) parts.push(`${t('bc.conference')}: ${conf.title?.[lang] ?? conf.title?.vi}`);
  return parts.length ? parts.join('; ') : t('bc.everyone');
}

/** Who will actually get it now, and why the others will not: channels off first, then closed windows. */
function previewView(p) {
  const off = Object.entries(p.channelOff ?? {}).filter(([, n]) => n > 0);
  const offTotal = off.reduce((sum, [, n]) => sum + n, 0);
  const closed = p.outsideWindowNow - offTotal;
  const willGet = p.reach - p.outsideWindowNow;
  return [
    h('p', {}, `${t('bc.reach')}: `, h('strong', { dataset: { testid: 'reach' } }, p.reach), ' · ', `${t('bc.willGet')}: `, h('strong', { dataset: { testid: 'will-get' } }, willGet)),
    ...off.map(([channel, n]) => h('p', { className: 'notice bad', dataset: { testid: `channel-off-${channel}` } }, tf('bc.channelOff', { channel: CHANNEL_NAMES[channel] ?? channel, n }))),
    closed > 0 ? h('p', { className: 'notice' }, tf('bc.closedOnly', { n: closed })) : null,
    willGet === 0 ? h('p', { className: 'notice bad', dataset: { testid: 'nobody' } }, t('bc.nobody')) : null,
    h('p', { className: 'muted' }, h('span', { dataset: { testid: 'outside-window' } }, closed), ` ${t('bc.closed')}; ${p.excluded.optedOut} ${t('bc.optedOut')}; ${p.excluded.unreachable} ${t('bc.unreachable')}`),
  ];
}

/** Asks before sending, repeating the audience and how many get it; resolves true to send. */
function confirmSend(audienceText, p, sendAt) {
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { dataset: { testid: 'confirm-send' } },
      h('h2', {}, t('bc.confirmTitle')),
      h('p', {}, h('strong', {}, `${t('bc.audience')}: `), audienceText),
      h('p', {}, tf('bc.confirmCount', { n: p.reach - p.outsideWindowNow, reach: p.reach })),
      sendAt ? h('p', {}, `${t('bc.confirmAt')}: ${fmtDate(sendAt)}`) : null,
      h(
        'div',
        { className: 'row' },
        h('button', { className: 'btn', type: 'button', onclick: () => close(true) }, t('bc.confirmSend')),
        h('button', { className: 'btn secondary', type: 'button', onclick: () => close(false) }, t('cancel')),
      ),
    );
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.addEventListener('cancel', () => resolve(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A failure reason in plain words: the API keeps the platform's technical text, prefixed by its kind. */
function failureReason(reason) {
  const off = /^channel (\w+) is not configured/.exec(reason);
  if (off) return tf('fr.channel_off', { channel: CHANNEL_NAMES[off[1]] ?? off[1] });
  const kind = /^(\w+):/.exec(reason)?.[1];
  return kind && ['interrupted', 'unreachable', 'auth', 'config', 'quota', 'window_closed', 'retry_later'].includes(kind) ? t(`fr.${kind}`) : t('fr.unknown');
}

/** Sent / failed / outside window as one bar, then the outcome in words; never green when nothing went out. */
function progressCell(b) {
  const n = (s) => b.progress[s] ?? 0;
  const total = STATUSES.reduce((sum, s) => sum + n(s), 0);
  const bar = h('div', { className: 'bar stack', role: 'img', 'aria-label': tf('bc.result', { sent: n('sent'), failed: n('failed') }) });
  for (const [cls, v] of [['s-sent', n('sent')], ['s-failed', n('failed')], ['s-closed', n('window_closed')], ['s-other', n('opted_out') + n('cancelled')]]) {
    if (!v) continue;
    const seg = h('span', { className: cls });
    seg.style.width = `${(v / total) * 100}%`;
    bar.append(seg);
  }
  const extra = [n('window_closed') ? tf('bc.resultClosed', { n: n('window_closed') }) : '', n('opted_out') ? tf('bc.resultOut', { n: n('opted_out') }) : '', n('pending') ? tf('bc.left', { n: n('pending') }) : ''].filter(Boolean);
  return h(
    'td',
    { dataset: { testid: 'progress' } },
    total ? bar : null,
    h('div', { dataset: { testid: 'result' } }, tf('bc.result', { sent: n('sent'), failed: n('failed') }), extra.length ? `; ${extra.join('; ')}` : ''),
    b.failures.map((f) => h('div', { className: 'muted', dataset: { testid: 'failure' } }, `${failureReason(f.reason)}: ${f.count}`)),
  );
}

function statePill(b) {
  const sent = b.progress.sent ?? 0;
  const cls = b.state === 'cancelled' || (b.state === 'done' && sent === 0) ? 'bad' : b.state === 'done' && (b.progress.failed ?? 0) === 0 ? 'ok' : 'warn';
  // "Sent" would be untrue for a broadcast where every message failed.
  const label = b.state === 'done' && sent === 0 ? t('state.doneNone') : t(`state.${b.state}`);
  return h('span', { className: `pill ${cls}`, dataset: { testid: 'state' } }, label);
}

function audienceFields(conferences) {
  const lang = getLang();
  return [
    h('h2', {}, t('bc.audience')),
    h('p', { className: 'muted' }, t('bc.anyone')),
    h('div', { className: 'field', dataset: { path: 'audience.communes' } }, h('label', {}, t('bc.communes')), checks('communes', communes().map((c) => c.id), (id) => communeLongName(communes().find((c) => c.id === id)))),
    h('div', { className: 'field', dataset: { path: 'audience.markets' } }, h('label', {}, t('bc.markets')), checks('markets', MARKETS, (m) => t(`m.${m}`))),
    h('div', { className: 'field', dataset: { path: 'audience.channels' } }, h('label', {}, t('bc.channels')), checks('channels', ['zalo', 'messenger'], (c) => [CHANNEL_NAMES[c], channelsOn().includes(c) ? '' : h('small', {}, ` (${getLang() === 'vi' ? 'chưa bật' : 'off'})`)])),
    h('div', { className: 'field', dataset: { path: 'audience.languages' } }, h('label', {}, t('bc.languages')), checks('languages', ['vi', 'en'], (l) => (l === 'vi' ? 'Tiếng Việt' : 'English'))),
    field(
      t('bc.conference'),
      h('select', { name: 'conferenceId' }, h('option', { value: '' }, '—'), conferences.map((c) => h('option', { value: c.id }, `${c.title?.[lang] ?? c.title?.vi ?? c.id} — ${fmtDate(c.startsAt)}`))),
      'audience.conferenceId',
    ),
  ];
}

export async function renderBroadcasts(main) {
  const conferences = await get('/conferences').then(itemsOf).catch(() => []);
  const lang = getLang();
  const previewOut = h('div', { dataset: { testid: 'preview' }, 'aria-live': 'polite' });
  const error = h('p', { className: 'error', role: 'alert' });
  const when = h('select', { name: 'when' }, h('option', { value: 'now' }, t('bc.now')), h('option', { value: 'at' }, t('bc.at')));
  const at = h('input', { type: 'datetime-local', name: 'sendAt' });
  const atField = field(`${t('bc.when')} (${t('officeTime')})`, at, 'sendAt');
  atField.hidden = true;
  when.addEventListener('change', () => (atField.hidden = when.value !== 'at'));
  const list = h('div');

  const form = h(
    'form',
    { className: 'card', dataset: { testid: 'broadcast-form' } },
    field(t('bc.textVi'), h('textarea', { name: 'textVi', maxLength: 2000 }), 'text.vi'),
    field(t('bc.textEn'), h('textarea', { name: 'textEn', maxLength: 2000 }), 'text.en'),
    audienceFields(conferences),
    h('div', { className: 'row' }, field(t('bc.when'), when), atField),
    error,
    previewOut,
    h(
      'div',
      { className: 'row' },
      h('button', { className: 'btn secondary', type: 'button', name: 'preview', onclick: () => preview() }, t('bc.preview')),
      h('button', { className: 'btn', type: 'submit', name: 'send' }, t('bc.send')),
    ),
  );

  async function preview() {
    error.textContent = showFieldErrors(form);
    try {
      const p = await post('/broadcasts/preview', { audience: audienceOf(form) });
      previewOut.replaceChildren(...previewView(p).filter(Boolean));
      return p;
    } catch (err) {
      error.textContent = showFieldErrors(form, err);
      return undefined;
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = { vi: form.elements.textVi.value.trim() };
    if (form.elements.textEn.value.trim()) text.en = form.elements.textEn.value.trim();
    const body = { text, audience: audienceOf(form) };
    if (when.value === 'at' && at.value) body.sendAt = fromOfficeInput(at.value);
    const p = await preview();
    if (!p || !(await confirmSend(describeAudience(body.audience, conferences), p, body.sendAt))) return;
    try {
      await post('/broadcasts', body);
      toast(t('saved'));
      form.reset();
      atField.hidden = true;
      previewOut.replaceChildren();
      await refresh();
    } catch (err) {
      error.textContent = showFieldErrors(form, err);
    }
  });

  function row(b) {
    return h(
      'tr',
      { dataset: { testid: `broadcast-${b.id}`, state: b.state } },
      h('td', {}, fmtDate(b.sendAt)),
      h('td', {}, (b.text[lang] ?? b.text.vi).slice(0, 80)),
      h('td', {}, describeAudience(b.audience, conferences)),
      h('td', {}, statePill(b)),
      progressCell(b),
      h(
        'td',
        {},
        ['scheduled', 'preparing', 'sending'].includes(b.state)
          ? h('button', { className: 'btn danger', type: 'button', onclick: async () => { try { await post(`/broadcasts/${b.id}/cancel`); await refresh(); } catch (err) { error.textContent = explain(err); } } }, t('bc.cancel'))
          : null,
      ),
    );
  }

  let timer;
  async function refresh() {
    const items = itemsOf(await get('/broadcasts?limit=20'));
    const headers = [t('bc.when'), t('bc.textVi'), t('bc.audience'), t('bc.state'), t('bc.progress'), ''];
    list.replaceChildren(dataTable('broadcasts', headers, items.map(row), t('none')));
    // Live progress while anything is still going out.
    clearTimeout(timer);
    if (items.some((b) => ['preparing', 'sending', 'scheduled'].includes(b.state))) timer = setTimeout(() => refresh().catch(() => undefined), 2000);
  }
  onLeave(() => clearTimeout(timer));

  main.replaceChildren(h('h1', {}, t('bc.title')), form, h('h2', {}, t('bc.history')), list);
  await refresh();
}
