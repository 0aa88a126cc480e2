import type { Connection } from 'mongoose';
import { z } from 'zod';
import { Broadcasts } from '../broadcasts/model.ts';
import { Deliveries, deliveryStatuses, type DeliveryStatus } from '../scheduler/deliveries.ts';
import { ConferenceSignups, Conferences } from '../store/conferences.ts';
import { Leads, leadStatuses, leadStatusSchema } from '../store/leads.ts';
import { Placements } from '../store/placements.ts';
import { periodOf, periodSchema, vietnamMonth, type Period, type PeriodName } from './period.ts';
import type { Plan } from './plan.ts';

/**
 * The figures the district reports against its plan (content/plan.json). Counting is done with
 * one accumulator per $group stage (FerretDB computes only the first correctly) and dates are
 * bucketed in code or by stored month fields, never with date operators.
 */
const count = z.number().int().min(0);

export const statsSchema = z.object({
  year: z.number().int(),
  period: periodSchema,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  months: z.array(z.string()),
  leads: z.object({
    total: count,
    byStatus: z.record(leadStatusSchema, count),
    byCommune: z.array(z.object({ communeId: z.string(), count })),
    byMarket: z.array(z.object({ market: z.string(), count })),
    byMonth: z.array(count),
  }),
  departures: z.object({
    total: count,
    byMarket: z.array(z.object({ market: z.string(), count })),
    byMonth: z.array(count),
    targets: z.array(
      z.object({
        id: z.string(),
        label: z.object({ vi: z.string(), en: z.string() }),
        markets: z.array(z.string()),
        /** The plan's yearly minimum, and what is due by the end of this period (half of it for h1). */
        yearlyTarget: count,
        periodTarget: count,
        actual: count,
        /** actual / periodTarget, 0…n (1 = reached). */
        progress: z.number(),
        met: z.boolean(),
      }),
    ),
    previousPeriodTotal: count,
    /** (total − previous) / previous; null when nobody went in the previous period. */
    growth: z.number().nullable(),
    growthTarget: z.object({ min: z.number(), max: z.number() }),
    growthMet: z.boolean().nullable(),
  }),
  conferences: z.object({ held: count, upcoming: count, cancelled: count, signups: count }),
  placements: z.object({ contractsEnding: count, returned: count, returnedOnTime: count, overdue: count, stillAbroad: count }),
  broadcasts: z.object({ count, cancelled: count, deliveries: z.record(z.enum(deliveryStatuses), count) }),
});
export type Stats = z.infer<typeof statsSchema>;

type Match = Record<string, unknown>;
/** The driver collection of a model (typed structurally: mongoose bundles its own driver types). */
interface Aggregatable {
  aggregate(pipeline: object[]): { toArray(): Promise<object[]> };
}
const groupRow = z.object({ _id: z.unknown(), n: z.number() });

async function countBy(collection: Aggregatable, match: Match, field: string, unwind = false) {
  const pipeline: object[] = [{ $match: match }];
  if (unwind) pipeline.push({ $unwind: `$${field}` });
  pipeline.push({ $group: { _id: `$${field}`, n: { $sum: 1 } } });
  const rows = z.array(groupRow).parse(await collection.aggregate(pipeline).toArray());
  return rows.filter((r) => r._id !== null && r._id !== undefined).map((r) => ({ key: String(r._id), n: r.n }));
}

const byCount = (rows: { key: string; n: number }[]) => rows.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));

async function departuresIn(conn: Connection, period: Period) {
  return Leads(conn)
    .find({ 'departure.at': { $gte: period.from, $lt: period.to }, status: { $in: ['departed', 'returned'] } }, { departure: 1 })
    .lean();
}

export async function computeStats(conn: Connection, plan: Plan, year: number, name: PeriodName, now: Date): Promise<Stats> {
  const period = periodOf(year, name);
  const monthIndex = new Map(period.months.map((m, i) => [m, i]));
  const range = { $gte: period.from, $lt: period.to };

  // Leads registered in the period (anonymised ones still count: they keep status, commune, market).
  const leadMatch = { createdAt: range };
  const leads = Leads(conn).collection;
  const [byStatusRows, byCommune, byMarket, byMonthRows] = await Promise.all([
    countBy(leads, leadMatch, 'status'),
    countBy(leads, leadMatch, 'communeId'),
    countBy(leads, leadMatch, 'markets', true),
    countBy(leads, leadMatch, 'createdMonth'),
  ]);
  const byStatus = Object.fromEntries(leadStatuses.map((s) => [s, 0])) as Record<(typeof leadStatuses)[number], number>;
  for (const r of byStatusRows) if (r.key in byStatus) byStatus[r.key as keyof typeof byStatus] = r.n;
  const leadsByMonth = period.months.map(() => 0);
  for (const r of byMonthRows) {
    const i = monthIndex.get(r.key);
    if (i !== undefined) leadsByMonth[i] = r.n;
  }

  // Departures: leads that went abroad in the period (a worker who has since come home still went).
  const [departed, departedBefore] = await Promise.all([departuresIn(conn, period), departuresIn(conn, periodOf(year - 1, name))]);
  const depByMarket = new Map<string, number>();
  const depByMonth = period.months.map(() => 0);
  for (const l of departed) {
    const market = l.departure?.market ?? 'other';
    depByMarket.set(market, (depByMarket.get(market) ?? 0) + 1);
    const i = l.departure?.at ? monthIndex.get(vietnamMonth(l.departure.at)) : undefined;
    if (i !== undefined) depByMonth[i]!++;
  }
  const share = name === 'h1' ? 0.5 : 1;
  const targets = plan.yearlyTargets.map((t) => {
    const actual = t.markets.reduce((sum, m) => sum + (depByMarket.get(m) ?? 0), 0);
    const periodTarget = Math.ceil(t.minPerYear * share);
    return {
      id: t.id,
      label: t.label,
      markets: t.markets,
      yearlyTarget: t.minPerYear,
      periodTarget,
      actual,
      progress: Math.round((actual / periodTarget) * 1000) / 1000,
      met: actual >= periodTarget,
    };
  });
  const growth = departedBefore.length > 0 ? Math.round(((departed.length - departedBefore.length) / departedBefore.length) * 1000) / 1000 : null;
  const growthTarget = { min: plan.growthPercentPerYear.min / 100, max: plan.growthPercentPerYear.max / 100 };

  // Conferences that started in the period; "held" = not cancelled and already started.
  const conferences = await Conferences(conn).find({ startsAt: range }, { status: 1, startsAt: 1 }).lean();
  const held = conferences.filter((c) => c.status !== 'cancelled' && c.startsAt <= now);
  const heldIds = held.map((c) => String(c._id));
  const signups = heldIds.length ? await ConferenceSignups(conn).countDocuments({ conferenceId: { $in: heldIds }, status: 'signed_up' }) : 0;

  // Return plans whose contract ends in the period.
  const placementRows = await countBy(Placements(conn).collection, { contractEnd: range }, 'status');
  const placementStatus = (s: string) => placementRows.find((r) => r.key === s)?.n ?? 0;
  const returnedOnTime = await Placements(conn).countDocuments({ contractEnd: range, status: 'returned', returnedOnTime: true });

  // Broadcasts created in the period and what became of their messages.
  const broadcasts = await Broadcasts(conn).find({ createdAt: range }, { cancelledAt: 1 }).lean();
  const deliveries = Object.fromEntries(deliveryStatuses.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  const ids = broadcasts.map((b) => String(b._id));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await countBy(Deliveries(conn).collection, { kind: 'broadcast', subjectId: { $in: ids.slice(i, i + 500) } }, 'status');
    for (const r of rows) if (r.key in deliveries) deliveries[r.key as DeliveryStatus] += r.n;
  }

  return {
    year,
    period: name,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    months: period.months,
    leads: {
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
      byCommune: byCount(byCommune).map((r) => ({ communeId: r.key, count: r.n })),
      byMarket: byCount(byMarket).map((r) => ({ market: r.key, count: r.n })),
      byMonth: leadsByMonth,
    },
    departures: {
      total: departed.length,
      byMarket: byCount([...depByMarket].map(([key, n]) => ({ key, n }))).map((r) => ({ market: r.key, count: r.n })),
      byMonth: depByMonth,
      targets,
      previousPeriodTotal: departedBefore.length,
      growth,
      growthTarget,
      growthMet: growth === null ? null : growth >= growthTarget.min,
    },
    conferences: {
      held: held.length,
      upcoming: conferences.filter((c) => c.status !== 'cancelled' && c.startsAt > now).length,
      cancelled: conferences.filter((c) => c.status === 'cancelled').length,
      signups,
    },
    placements: {
      contractsEnding: placementRows.reduce((a, r) => a + r.n, 0),
      returned: placementStatus('returned'),
      returnedOnTime,
      overdue: placementStatus('overdue'),
      stillAbroad: placementStatus('abroad') + placementStatus('extended'),
    },
    broadcasts: { count: broadcasts.length, cancelled: broadcasts.filter((b) => b.cancelledAt).length, deliveries },
  };
}
