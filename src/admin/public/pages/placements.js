import { get, itemsOf } from '../api.js';
import { fmtDay, t } from '../i18n.js';
import { countryName } from '../labels.js';
import { explain } from '../shell.js';
import { dataTable, field, h } from '../ui.js';

const statusPill = { abroad: '', extended: 'ok', returned: 'ok', overdue: 'bad' };

export async function renderPlacements(main) {
  const days = h('select', { name: 'days' }, [30, 90, 180, 365].map((d) => h('option', { value: d, selected: d === 90 }, d)));
  const list = h('div');
  async function refresh() {
    try {
      const items = itemsOf(await get(`/placements?endingWithinDays=${days.value}`));
      list.replaceChildren(
        dataTable('placements', [t('pl.worker'), t('pl.country'), t('pl.end'), t('pl.status'), t('pl.nudges')], items.map((p) =>
                    h(
                      'tr',
                      {},
                      h('td', {}, p.workerName ?? '—'),
                      h('td', {}, [countryName(p.country), p.city].filter(Boolean).join(', ')),
                      h('td', {}, fmtDay(p.contractEnd)),
                      h('td', {}, h('span', { className: `pill ${statusPill[p.status] ?? ''}` }, t(`pl.${p.status === 'returned' ? 'returnedS' : p.status}`))),
                      h('td', { className: 'muted' }, nudgeSummary(p)),
                    ),
                  ), t('none')),
      );
    } catch (err) {
      list.replaceChildren(h('p', { className: 'error', role: 'alert' }, explain(err)));
    }
  }
  days.addEventListener('change', refresh);
  main.replaceChildren(h('h1', {}, t('pl.title')), h('div', { className: 'card row' }, field(`${t('pl.ending')} (${t('pl.days')})`, days)), list);
  await refresh();
}

/** Whether return nudges are still going out, and when the next one is due. */
function nudgeSummary(p) {
  if (p.nudgesOff) return t('pl.nudgesOff');
  return p.nextNudgeAt ? `${t('pl.nextNudge')}: ${fmtDay(p.nextNudgeAt)}` : '—';
}
