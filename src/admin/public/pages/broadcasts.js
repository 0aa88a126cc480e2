import { get, itemsOf, post } from '../api.js';
import { fmtDate, getLang, MARKETS, t } from '../i18n.js';
import { explain, onLeave } from '../shell.js';
import { field, h, toast } from '../ui.js';

const STATUSES = ['sent', 'pending', 'window_closed', 'failed', 'opted_out', 'cancelled'];

function checks(name, values, label) {
  return h('div', { className: 'checks', dataset: { group: name } }, values.map((v) => h('label', {}, h('input', { type: 'checkbox', name, value: v }), label(v))));
}
const checked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);

function audienceOf(form) {
  const a = {};
  const communes = form.elements.communes.value.split(',').map((x) => x.trim()).filter(Boolean);
  if (communes.length) a.communes = communes;
  for (const [key, name] of [['markets', 'markets'], ['channels', 'channels'], ['languages', 'languages']]) {
    const v = checked(form, name);
    if (v.length) a[key] = v;
  }
  if (form.elements.conferenceId.value) a.conferenceId = form.elements.conferenceId.value;
  return a;
}

export async function renderBroadcasts(main) {
  const conferences = await get('/conferences').then(itemsOf).catch(() => []);
  const lang = getLang();
  const previewOut = h('div', { dataset: { testid: 'preview' }, 'aria-live': 'polite' });
  const error = h('p', { className: 'error', role: 'alert' });
  const when = h('select', { name: 'when' }, h('option', { value: 'now' }, t('bc.now')), h('option', { value: 'at' }, t('bc.at')));
  const at = h('input', { type: 'datetime-local', name: 'sendAt', hidden: true });
  when.addEventListener('change', () => (at.hidden = when.value !== 'at'));
  const list = h('div');

  const form = h(
    'form',
    { className: 'card', dataset: { testid: 'broadcast-form' } },
    field(t('bc.textVi'), h('textarea', { name: 'textVi', required: true, maxLength: 2000 })),
    field(t('bc.textEn'), h('textarea', { name: 'textEn', maxLength: 2000 })),
    h('h2', {}, t('bc.audience')),
    h('p', { className: 'muted' }, t('bc.anyone')),
    field(t('bc.communes'), h('input', { name: 'communes', placeholder: 'vu_lang, bac_son' })),
    h('label', {}, t('bc.markets')),
    checks('markets', MARKETS, (m) => t(`m.${m}`)),
    h('label', {}, t('bc.channels')),
    checks('channels', ['zalo', 'messenger'], (c) => (c === 'zalo' ? 'Zalo' : 'Messenger')),
    h('label', {}, t('bc.languages')),
    checks('languages', ['vi', 'en'], (l) => (l === 'vi' ? 'Tiếng Việt' : 'English')),
    field(
      t('bc.conference'),
      h('select', { name: 'conferenceId' }, h('option', { value: '' }, '—'), conferences.map((c) => h('option', { value: c.id }, `${c.title?.[lang] ?? c.title?.vi ?? c.id} — ${fmtDate(c.startsAt)}`))),
    ),
    h('div', { className: 'row' }, field(t('bc.when'), when), h('div', {}, at)),
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
    error.textContent = '';
    try {
      const p = await post('/broadcasts/preview', { audience: audienceOf(form) });
      previewOut.replaceChildren(
        h('p', {}, `${t('bc.reach')}: `, h('strong', { dataset: { testid: 'reach' } }, p.reach)),
        h('p', { className: 'muted' }, h('span', { dataset: { testid: 'outside-window' } }, p.outsideWindowNow), ` ${t('bc.closed')}; ${p.excluded.optedOut} ${t('bc.optedOut')}; ${p.excluded.unreachable} ${t('bc.unreachable')}`),
      );
      return p;
    } catch (err) {
      error.textContent = explain(err);
      return undefined;
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const text = { vi: form.elements.textVi.value.trim() };
    if (form.elements.textEn.value.trim()) text.en = form.elements.textEn.value.trim();
    const body = { text, audience: audienceOf(form) };
    if (when.value === 'at' && at.value) body.sendAt = new Date(at.value).toISOString();
    try {
      await post('/broadcasts', body);
      toast(t('saved'));
      form.reset();
      at.hidden = true;
      previewOut.replaceChildren();
      await refresh();
    } catch (err) {
      error.textContent = explain(err);
    }
  });

  function row(b) {
    const total = STATUSES.reduce((n, s) => n + (b.progress[s] ?? 0), 0);
    return h(
      'tr',
      { dataset: { testid: `broadcast-${b.id}`, state: b.state } },
      h('td', {}, fmtDate(b.sendAt)),
      h('td', {}, (b.text[lang] ?? b.text.vi).slice(0, 80)),
      h('td', {}, h('span', { className: `pill ${b.state === 'done' ? 'ok' : b.state === 'cancelled' ? 'bad' : 'warn'}`, dataset: { testid: 'state' } }, t(`state.${b.state}`))),
      h(
        'td',
        { dataset: { testid: 'progress' } },
        STATUSES.filter((s) => b.progress[s]).map((s) => h('div', { dataset: { status: s } }, `${t(`ds.${s}`)}: ${b.progress[s]}`)),
        total === 0 ? h('span', { className: 'muted' }, '0') : null,
        b.failures.map((f) => h('div', { className: 'muted' }, `${f.reason}: ${f.count}`)),
      ),
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
    list.replaceChildren(
      items.length === 0
        ? h('p', { className: 'muted' }, t('none'))
        : h('div', { className: 'table-wrap' }, h('table', { dataset: { testid: 'broadcasts' } }, h('thead', {}, h('tr', {}, [t('bc.when'), t('bc.textVi'), t('bc.state'), t('bc.progress'), ''].map((x) => h('th', {}, x)))), h('tbody', {}, items.map(row)))),
    );
    // Live progress while anything is still going out.
    clearTimeout(timer);
    if (items.some((b) => ['preparing', 'sending', 'scheduled'].includes(b.state))) timer = setTimeout(() => refresh().catch(() => undefined), 2000);
  }
  onLeave(() => clearTimeout(timer));

  main.replaceChildren(h('h1', {}, t('bc.title')), form, h('h2', {}, t('bc.history')), list);
  await refresh();
}
