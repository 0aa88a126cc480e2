import { get } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { dataTable, h } from '../ui.js';

export async function renderAudit(main) {
  const { items } = await get('/audit?limit=200');
  main.replaceChildren(
    h('h1', {}, t('audit.title')),
    dataTable('audit', [t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.target')], items.map((e) => h('tr', {}, h('td', {}, fmtDate(e.at)), h('td', {}, e.actor), h('td', {}, e.action), h('td', { className: 'muted' }, e.target ?? ''))), t('none')),
  );
}
