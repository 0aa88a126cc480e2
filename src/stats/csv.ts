import { UTF8_BOM, csvRow } from '../http/csv.ts';
import type { Stats } from './report.ts';

/**
 * The stats as a CSV of `section,key,value` rows: one file staff can open in Excel (UTF-8 with a
 * BOM so Vietnamese shows correctly) and paste into the district's report.
 */
export function statsToCsv(s: Stats): string {
  const rows: (string | number | boolean | null)[][] = [['section', 'key', 'value']];
  const add = (section: string, key: string, value: string | number | boolean | null) => rows.push([section, key, value]);
  add('period', 'year', s.year);
  add('period', 'period', s.period);
  add('period', 'from', s.from);
  add('period', 'to', s.to);
  add('period', 'lastDayCounted', s.lastDayCounted);
  add('period', 'partial', s.partial);
  add('period', 'dueBefore', s.dueBefore);
  add('report', 'recipient', s.reportRecipient?.vi ?? null);
  add('plan', 'targetYears', `${s.plan.targetYears.from}-${s.plan.targetYears.to}`);
  add('plan', 'note', s.plan.note.vi);
  add('leads', 'total', s.leads.total);
  for (const [k, v] of Object.entries(s.leads.byStatus)) add('leads.status', k, v);
  for (const r of s.leads.byCommune) add('leads.commune', r.communeId, r.count);
  for (const r of s.leads.byMarket) add('leads.market', r.market, r.count);
  s.months.forEach((m, i) => add('leads.month', m, s.leads.byMonth[i]!));
  add('departures', 'total', s.departures.total);
  for (const r of s.departures.byMarket) add('departures.market', r.market, r.count);
  s.months.forEach((m, i) => add('departures.month', m, s.departures.byMonth[i]!));
  for (const t of s.departures.targets) {
    add(`target.${t.id}`, 'actual', t.actual);
    add(`target.${t.id}`, 'periodTarget', t.periodTarget);
    add(`target.${t.id}`, 'yearlyTarget', t.yearlyTarget);
    add(`target.${t.id}`, 'met', t.met);
  }
  add('departures', 'previousPeriodTotal', s.departures.previousPeriodTotal);
  add('departures', 'growth', s.departures.growth);
  add('departures', 'growthTargetMin', s.departures.growthTarget.min);
  add('departures', 'growthTargetMax', s.departures.growthTarget.max);
  const base = s.departures.baseline;
  if (base) {
    add('departures.baseline', 'year', base.year);
    add('departures.baseline', 'departures', base.departures);
    add('departures.baseline', 'targetMin', base.targetMin);
    add('departures.baseline', 'targetMax', base.targetMax);
    add('departures.baseline', 'met', base.met);
  }
  for (const [k, v] of Object.entries(s.conferences)) add('conferences', k, v);
  for (const [k, v] of Object.entries(s.placements)) add('placements', k, v);
  add('broadcasts', 'count', s.broadcasts.count);
  add('broadcasts', 'cancelled', s.broadcasts.cancelled);
  for (const [k, v] of Object.entries(s.broadcasts.deliveries)) add('broadcasts.deliveries', k, v);
  return UTF8_BOM + rows.map(csvRow).join('');
}
