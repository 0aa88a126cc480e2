import { download, get } from '../api.js';
import { getLang, LEAD_STATUSES, t } from '../i18n.js';
import { communeName } from '../labels.js';
import { explain } from '../shell.js';
import { bar, field, h, s, toast } from '../ui.js';

const pct = (x) => `${Math.round(x * 1000) / 10} %`;
/** 2026-12-04 → 04/12/2026, as the bot writes dates. */
const dmy = (isoDay) => isoDay.split('-').reverse().join('/');

function kpi(label, value, testid, sub) {
  return h('div', { className: 'card kpi' }, h('div', { className: 'n', dataset: { testid } }, value), h('div', { className: 'l' }, label), sub ? h('div', { className: 'muted' }, sub) : null);
}

/**
 * Bars by month: departures (dark) and new leads (light), with the plan's monthly target (the
 * yearly targets over twelve) as a dashed line, so a month below it shows at a glance.
 */
function monthChart(months, departures, leads, monthlyTarget) {
  const w = 600, hgt = 180, pad = 22;
  const max = Math.max(1, ...departures, ...leads, monthlyTarget);
  const slot = (w - pad) / months.length;
  const bw = Math.max(3, slot / 2 - 3);
  const y = (v) => hgt - pad - (v / max) * (hgt - pad * 2);
  const svg = s('svg', { viewBox: `0 0 ${w} ${hgt}`, class: 'chart', role: 'img', 'aria-label': t('dash.chart'), 'data-testid': 'month-chart' });
  svg.append(s('line', { x1: pad, y1: hgt - pad, x2: w, y2: hgt - pad, stroke: '#d9dee4' }));
  svg.append(s('text', { x: 0, y: pad }, String(Math.round(max))));
  months.forEach((m, i) => {
    const x = pad + i * slot + 2;
    for (const [k, v, cls] of [[0, departures[i], 'b1'], [1, leads[i], 'b2']]) {
      svg.append(s('rect', { x: x + k * (bw + 1), y: y(v), width: bw, height: hgt - pad - y(v), class: cls }, s('title', {}, `${m.split('-').reverse().join('/')}: ${v}`)));
    }
    svg.append(s('text', { x, y: hgt - 6 }, `T${Number(m.slice(5))}`));
  });
  const ty = y(monthlyTarget);
  svg.append(s('line', { x1: pad, y1: ty, x2: w, y2: ty, class: 'target', 'data-testid': 'target-line' }, s('title', {}, `${t('dash.monthTarget')}: ${Math.round(monthlyTarget * 10) / 10}`)));
  svg.append(s('text', { x: w - 4, y: ty - 4, 'text-anchor': 'end' }, `${t('dash.monthTarget')}: ${Math.round(monthlyTarget * 10) / 10}`));
  const legend = h(
    'div',
    { className: 'legend muted' },
    h('span', {}, h('i', { className: 'b1' }), t('dash.departures')),
    h('span', {}, h('i', { className: 'b2' }), t('dash.leads')),
    h('span', {}, h('i', { className: 'target' }), t('dash.monthTarget')),
  );
  return h('div', {}, h('div', { className: 'chart-wrap' }, svg), legend);
}

/** Counts as horizontal bars with the name on the left and the number on the right. */
function barList(testid, rows) {
  if (rows.length === 0) return h('p', { className: 'muted' }, t('none'));
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return h('div', { className: 'hbars', dataset: { testid } }, rows.flatMap(([name, n]) => [h('span', {}, name), bar(n / max), h('span', { className: 'n' }, n)]));
}

function table(headers, rows) {
  if (rows.length === 0) return h('p', { className: 'muted' }, t('none'));
  return h('div', { className: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}

export async function renderDashboard(main) {
  const thisYear = Number(new Date().toLocaleString('en-US', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }));
  const yearSel = h('select', { name: 'year' }, Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => h('option', { value: y }, y)));
  const periodSel = h('select', { name: 'period' }, ['year', 'h1'].map((p) => h('option', { value: p }, t(`period.${p}`))));
  const body = h('div');
  const load = async () => {
    body.replaceChildren(h('p', { className: 'muted' }, t('loading')));
    try {
      const st = await get(`/stats/report?year=${yearSel.value}&period=${periodSel.value}`);
      body.replaceChildren(view(st));
    } catch (err) {
      body.replaceChildren(h('p', { className: 'error', role: 'alert' }, explain(err)));
    }
  };
  yearSel.addEventListener('change', load);
  periodSel.addEventListener('change', load);
  const reportFile = (format) => {
    const name = `bao-cao-bac-son-${yearSel.value}-${periodSel.value === 'h1' ? '6-thang' : 'ca-nam'}.${format}`;
    download(`/stats/report?year=${yearSel.value}&period=${periodSel.value}&format=${format}`, name).catch((err) => toast(explain(err)));
  };
  const files = h(
    'div',
    { className: 'report-files' },
    h('button', { className: 'btn', type: 'button', onclick: () => reportFile('xlsx') }, t('dash.xlsx')),
    h('button', { className: 'btn secondary', type: 'button', onclick: () => reportFile('csv') }, t('dash.csv')),
  );
  const review = h('div', { className: 'card', dataset: { testid: 'content-review' } });
  main.replaceChildren(h('h1', {}, t('dash.title')), h('div', { className: 'card row' }, field(t('year'), yearSel), field(t('period'), periodSel), files), body, review);
  await Promise.all([load(), loadReview(review)]);
}

/** Dated content (wages for one year, yearly totals) staff must check again soon, by its question. */
async function loadReview(box) {
  const lang = getLang();
  try {
    const r = await get('/content-reviews?withinDays=60');
    const rows = r.items.map((i) => [
      i.name[lang] ?? i.name.vi,
      h('span', { className: i.overdue ? 'pill warn' : '' }, i.overdue ? `${dmy(i.reviewBy)} (${t('dash.reviewOverdue')})` : dmy(i.reviewBy)),
      dmy(i.reviewedAt),
    ]);
    box.replaceChildren(h('h2', {}, t('dash.review')), table([t('dash.reviewName'), t('dash.reviewBy'), t('dash.reviewedAt')], rows));
  } catch (err) {
    box.replaceChildren(h('p', { className: 'error', role: 'alert' }, explain(err)));
  }
}

/** What the report covers, when it is due and to whom: the plan's recipients no longer exist. */
function reportHead(st, lang) {
  const first = st.from ? dmy(new Date(Date.parse(st.from) + 7 * 3600_000).toISOString().slice(0, 10)) : '';
  return h(
    'div',
    { className: 'card', dataset: { testid: 'report-head' } },
    h('p', { dataset: { testid: 'report-counted' } }, `${t('dash.counted')} ${first} ${t('dash.countedTo')} ${dmy(st.lastDayCounted)}${st.partial ? ` ${t('dash.partial')}` : ''}.`, st.dueBefore ? ` ${t('dash.dueBefore')} ${dmy(st.dueBefore)}.` : ''),
    h('p', { dataset: { testid: 'report-recipient' } }, `${t('dash.recipient')}: `, st.reportRecipient ? (st.reportRecipient[lang] ?? st.reportRecipient.vi) : h('span', { className: 'muted' }, t('dash.recipientUnset'))),
    h('p', { className: 'muted', dataset: { testid: 'plan-note' } }, st.plan.note[lang] ?? st.plan.note.vi),
  );
}

function baselineLine(d) {
  const b = d.baseline;
  if (!b) return h('p', { className: 'muted', dataset: { testid: 'baseline' } }, t('dash.baselineUnset'));
  return h(
    'p',
    { dataset: { testid: 'baseline' } },
    `${t('dash.baseline')} ${b.year} (${b.departures}): `,
    h('span', { className: `pill ${b.met ? 'ok' : 'warn'}` }, `${b.actual}`),
    h('span', { className: 'muted' }, ` (${t('dash.baselineTarget')} ${b.targetMin}–${b.targetMax}; ${b.source})`),
  );
}

function view(st) {
  const lang = getLang();
  const d = st.departures;
  const targets = d.targets.map((tg) =>
    h(
      'div',
      { className: 'card', dataset: { testid: `target-${tg.id}` } },
      h('strong', {}, tg.label[lang] ?? tg.label.vi),
      h('div', {}, h('span', { className: 'kpi-n', dataset: { testid: `target-${tg.id}-actual` } }, tg.actual), ` ${t('dash.of')} ${tg.periodTarget} `, h('span', { className: 'muted' }, `(${t('dash.due')}; ${tg.yearlyTarget}/${t('year').toLowerCase()})`)),
      bar(tg.progress, `target-${tg.id}-bar`),
      h('span', { className: `pill ${tg.met ? 'ok' : 'warn'}` }, pct(tg.progress)),
    ),
  );
  const growth =
    d.growth === null
      ? h('span', { className: 'muted' }, t('dash.noPrev'))
      : h('span', { className: `pill ${d.growthMet ? 'ok' : 'warn'}`, dataset: { testid: 'growth' } }, pct(d.growth));
  return h(
    'div',
    {},
    reportHead(st, lang),
    h('h2', {}, t('dash.targets')),
    h('div', { className: 'grid' }, targets),
    h('p', {}, `${t('dash.growth')}: `, growth, h('span', { className: 'muted' }, ` (${t('dash.growthTarget')} ${pct(d.growthTarget.min)}–${pct(d.growthTarget.max)}; ${d.previousPeriodTotal} → ${d.total})`)),
    baselineLine(d),
    h(
      'div',
      { className: 'grid' },
      kpi(t('dash.departures'), d.total, 'departures-total'),
      kpi(t('dash.leads'), st.leads.total, 'leads-total'),
      kpi(t('dash.conferences'), st.conferences.held, 'conferences-held', `${st.conferences.signups} ${t('dash.signups').toLowerCase()}`),
      kpi(t('dash.returned'), st.placements.returnedOnTime, 'returned-on-time', `${st.placements.contractsEnding} ${t('dash.contracts')}; ${t('dash.overdue').toLowerCase()}: ${st.placements.overdue}`),
      kpi(t('dash.broadcasts'), st.broadcasts.count, 'broadcasts-count', `${st.broadcasts.deliveries.sent} ${t('ds.sent')}, ${st.broadcasts.deliveries.window_closed} ${t('ds.window_closed')}, ${st.broadcasts.deliveries.failed} ${t('ds.failed')}`),
    ),
    h('div', { className: 'card' }, h('h2', {}, t('dash.chart')), monthChart(st.months, d.byMonth, st.leads.byMonth, d.targets.reduce((sum, tg) => sum + tg.yearlyTarget, 0) / 12)),
    h(
      'div',
      { className: 'grid' },
      h('div', { className: 'card' }, h('h2', {}, t('dash.byStatus')), barList('by-status', LEAD_STATUSES.map((x) => [t(`ls.${x}`), st.leads.byStatus[x] ?? 0]))),
      h('div', { className: 'card' }, h('h2', {}, t('dash.byCommune')), barList('by-commune', st.leads.byCommune.map((r) => [communeName(r.communeId), r.count]))),
      h('div', { className: 'card' }, h('h2', {}, t('dash.byMarket')), barList('by-market', st.leads.byMarket.map((r) => [t(`m.${r.market}`), r.count]))),
    ),
  );
}
