import { get } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { h } from '../ui.js';

export async function renderAudit(main) {
  const { items } = await get('/audit?limit=200');
  main.replaceChildren(
    h('h1', {}, t('audit.title')),
    items.length === 0
      ? h('p', { className: 'muted' }, t('none'))
      : h(
          'div',
          { className: 'table-wrap' },
          h(
            'table',
            { dataset: { testid: 'audit' } },
            h('thead', {}, h('tr', {}, [t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.target')].map((x) => h('th', {}, x)))),
            h('tbody', {}, items.map((e) => h('tr', {}, h('td', {}, fmtDate(e.at)), h('td', {}, e.actor), h('td', {}, e.action), h('td', { className: 'muted' }, e.target ?? '')))),
          ),
        ),
  );
}
