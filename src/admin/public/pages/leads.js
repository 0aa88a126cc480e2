import { download, get, itemsOf, patch } from '../api.js';
import { fmtDay, getLang, LEAD_STATUSES, MARKETS, t } from '../i18n.js';
import { communeName, communeSelect } from '../labels.js';
import { explain, showFieldErrors } from '../shell.js';
import { dataTable, field, h, toast } from '../ui.js';

export function statusChanger(lead, onDone) {
  const status = h('select', { name: 'status' }, LEAD_STATUSES.filter((s) => s !== lead.status).map((s) => h('option', { value: s }, t(`ls.${s}`))));
  const market = h('select', { name: 'market' }, h('option', { value: '' }, '—'), MARKETS.map((m) => h('option', { value: m }, t(`m.${m}`))));
  const note = h('input', { name: 'note', maxLength: 500 });
  const error = h('p', { className: 'error', role: 'alert' });
  const form = h(
    'form',
    { className: 'row' },
    field(t('leads.change'), status, 'status'),
    field(t('leads.departMarket'), market, 'market'),
    field(t('leads.note'), note, 'note'),
    h('div', {}, h('button', { className: 'btn', type: 'submit' }, t('save'))),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { status: status.value };
    if (market.value) body.market = market.value;
    if (note.value.trim()) body.note = note.value.trim();
    try {
      await patch(`/leads/${lead.id}/status`, body);
      toast(t('saved'));
      await onDone();
    } catch (err) {
      error.textContent = showFieldErrors(form, err);
    }
  });
  return form;
}

export async function renderLeads(main) {
  const filters = h(
    'form',
    { className: 'card row' },
    field(t('leads.status'), h('select', { name: 'status' }, h('option', { value: '' }, t('leads.all')), LEAD_STATUSES.map((s) => h('option', { value: s }, t(`ls.${s}`))))),
    field(t('leads.commune'), communeSelect('communeId', '', t('leads.all'))),
    field(t('leads.market'), h('select', { name: 'market' }, h('option', { value: '' }, t('leads.all')), MARKETS.map((m) => h('option', { value: m }, t(`m.${m}`))))),
    field(t('leads.q'), h('input', { name: 'q', type: 'search' })),
    h('div', {}, h('button', { className: 'btn', type: 'submit' }, t('leads.filter'))),
    h('div', {}, h('button', { className: 'btn secondary', type: 'button', onclick: () => download(`/leads?${query({ format: 'csv', lang: getLang() })}`, getLang() === 'vi' ? 'nguoi-dang-ky.csv' : 'leads.csv').catch((err) => toast(explain(err))) }, t('leads.csv'))),
  );
  const query = (extra = {}) => {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) if (String(v).trim()) p.set(k, String(v).trim());
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p.toString();
  };
  const list = h('div');
  async function refresh() {
    const items = itemsOf(await get(`/leads?${query()}`));
    list.replaceChildren(
      dataTable('leads', [t('leads.name'), t('leads.phone'), t('leads.commune'), t('leads.market'), t('leads.status'), t('leads.created'), ''], items.map((l) => {
                  // The form opens in a full-width row under the person, not squeezed into one cell.
                  const toggle = () => {
                    const open = tr.nextElementSibling?.classList.contains('changer');
                    if (open) tr.nextElementSibling.remove();
                    else tr.after(h('tr', { className: 'changer' }, h('td', { colSpan: 7 }, statusChanger(l, refresh))));
                  };
                  const action = h('td', {}, h('button', { className: 'btn secondary', type: 'button', onclick: toggle }, t('leads.change')));
                  const tr = h(
                    'tr',
                    {},
                    h('td', {}, h('a', { href: `#lead/${l.id}` }, l.fullName ?? t('ld.open'))),
                    h('td', {}, l.phone ?? '—'),
                    h('td', {}, communeName(l.communeId, l.communeText)),
                    h('td', {}, (l.markets ?? []).map((m) => t(`m.${m}`)).join(', ')),
                    h('td', {}, h('span', { className: 'pill' }, t(`ls.${l.status}`))),
                    h('td', { className: 'hide-sm' }, fmtDay(l.createdAt)),
                    action,
                  );
                  return tr;
                }), t('none')),
    );
  }
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    refresh().catch((err) => list.replaceChildren(h('p', { className: 'error' }, explain(err))));
  });
  main.replaceChildren(h('h1', {}, t('leads.title')), filters, list);
  await refresh();
}
