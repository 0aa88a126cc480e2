import { get } from '../api.js';
import { fmtDate, hasText, t } from '../i18n.js';
import { dataTable, h } from '../ui.js';

export async function renderAudit(main) {
  const { items } = await get('/audit?limit=200');
  main.replaceChildren(
    h('h1', {}, t('audit.title')),
    dataTable('audit', [t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.target')], items.map((e) => h('tr', {}, h('td', {}, fmtDate(e.at)), h('td', {}, e.actor === 'bootstrap admin' ? t('audit.bootstrap') : e.actor), h('td', {}, actionName(e.action)), h('td', { className: 'muted' }, targetName(e.target)))), t('none')),
  );
}

/** "lead.status" → "Đổi trạng thái hồ sơ"; an action without wording yet stays as it is. */
const actionName = (action) => (hasText(`aa.${action}`) ? t(`aa.${action}`) : action);
/** "lead:6b11…" → "Hồ sơ 6b11…": the kind in words, the id shortened (it is only for looking up). */
function targetName(target) {
  if (!target) return '';
  const [kind, ...rest] = target.split(':');
  const id = rest.join(':');
  if (kind === 'stats' && rest.length === 2) return `${t('at.stats')} ${rest[0]}, ${t(`period.${rest[1]}`)}`;
  if (!id) return target.length > 10 ? `…${target.slice(-6)}` : target;
  return hasText(`at.${kind}`) ? `${t(`at.${kind}`)} ${id.length > 10 ? `…${id.slice(-6)}` : id}` : target;
}
