import type { Connection } from 'mongoose';
import { z } from 'zod';
import { Broadcasts } from '../broadcasts/model.ts';
import { Deliveries, deliveryStatuses, type DeliveryStatus } from '../outbox/deliveries.ts';
import { ConferenceSignups, Conferences } from '../domain/conferences.ts';
import { Leads, leadStatuses, leadStatusSchema } from '../domain/leads/model.ts';
import { Placements } from '../domain/placements/model.ts';
import { endOfVietnamDay, oneYearEarlier, periodOf, periodSchema, vietnamDay, vietnamMonth, type Period, type PeriodName } from '../core/period.ts';
import type { Plan } from './plan.ts';

/**
 * The figures the district reports against its plan (content/plan.json). Counting is done with
 * one accumulator per $group stage (FerretDB computes only the first correctly) and dates are
 * bucketed in code or by stored month fields, never with date operators.
 */
const count = z.number().int().min(0);
const localized = z.object({ vi: z.string(), en: z.string() });
const day = z.iso.date();

export const statsSchema = z.object({
  year: z.number().int(),
  period: periodSchema,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  months: z.array(z.string()),
  /**
   * Reports are due before the period ends (the half-year one before 15 June), so leads,
   * departures and broadcasts are counted up to the end of the day the report is made:
   * `countedTo` (exclusive instant), `lastDayCounted` (Vietnam day), `partial` when that is
   * before the period's end. Growth compares with the same span of the year before.
   */
  countedTo: z.iso.datetime(),
  lastDayCounted: day,
  partial: z.boolean(),
  /** The plan's deadline for this report (the day it is due before), if the plan has one. */
  dueBefore: day.nullable(),
  /** The recipient staff configured (content/plan.json); null: not set yet. */
  reportRecipient: localized.nullable(),
  /** The plan's target years and the note that they are carried on after them. */
  plan: z.object({ targetYears: z.object({ from: z.number().int(), to: z.number().int(), carriedUntil: z.number().int() }), note: localized }),
  leads: z.object({
    total: count,
    byStatus: z.record(leadStatusSchema, count),
    byCommune: z.array(z.object({ communeId: z.string(), count })),
    byMarket: z.array(z.object({ market: z.string(), count })),
    byMonth: z.array(count),
    /** Of the leads registered in the period, how many asked about a state loan (the plan's loan section). */
    wantsLoan: count,
  }),
  departures: z.object({
    total: count,
    byMarket: z.array(z.object({ market: z.string(), count })),
    byCommune: z.array(z.object({ communeId: z.string(), count })),
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
    /**
     * The 10–15 % a year target from the baseline staff set (content/plan.json growthBaseline),
     * compounded per year since then; for h1, half. null without a baseline or for its own year.
     */
    baseline: z
      .object({ year: z.number().int(), departures: count, source: z.string(), targetMin: count, targetMax: count, actual: count, met: z.boolean() })
      .nullable(),
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

async function departuresIn(conn: Connection, from: Date, to: Date) {
  return Leads(conn)
    .find({ 'departure.at': { $gte: from, $lt: to }, status: { $in: ['departed', 'returned'] } }, { departure: 1, communeId: 1 })
    .lean();
}

const DEADLINE_OF: Record<PeriodName, string> = { h1: 'half_year', year: 'annual' };
const pad = (n: number) => String(n).padStart(2, '0');

/** How far this report counts (see statsSchema.countedTo) and when it is due. */
function reportFrame(plan: Plan, period: Period, now: Date) {
  const today = endOfVietnamDay(now);
  const countedTo = today < period.to ? today : period.to;
  const deadline = plan.reportingDeadlines.find((d) => d.id === DEADLINE_OF[period.name]);
  return {
    countedTo,
    lastDayCounted: vietnamDay(new Date(countedTo.getTime() - 1)),
    partial: countedTo < period.to,
    dueBefore: deadline ? `${period.year}-${pad(deadline.month)}-${pad(deadline.day)}` : null,
  };
}

/** The growth target from the staff's baseline year, compounded yearly (see statsSchema). */
function baselineTarget(plan: Plan, year: number, share: number, actual: number) {
  const base = plan.growthBaseline;
  if (!base || year <= base.year) return null;
  const years = year - base.year;
  // Rounded to 1/1000 first so 100 × 1.1 × 0.5 is 55, not 55.000…1 rounded up to 56.
  const target = (percent: number) => Math.ceil(Math.round(base.departures * (1 + percent / 100) ** years * share * 1000) / 1000);
  const targetMin = target(plan.growthPercentPerYear.min);
  return { year: base.year, departures: base.departures, source: base.source, targetMin, targetMax: target(plan.growthPercentPerYear.max), actual, met: actual >= targetMin };
}

/** A time range as a MongoDB condition: from included, to excluded. */
type Range = { $gte: Date; $lt: Date };

/** Per-month counts in the period's month order; months outside the period are not counted. */
function perMonth(period: Period, rows: { key: string; n: number }[]): number[] {
  const counts = period.months.map(() => 0);
  const monthIndex = new Map(period.months.map((m, i) => [m, i]));
  for (const r of rows) {
    const i = monthIndex.get(r.key);
    if (i !== undefined) counts[i] = r.n;
  }
  return counts;
}

/** Leads registered in the period (anonymised ones still count: they keep status, commune, market). */
async function leadFigures(conn: Connection, period: Period, counted: Range): Promise<Stats['leads']> {
  const leadMatch = { createdAt: counted };
  const leads = Leads(conn).collection;
  const [byStatusRows, byCommune, byMarket, byMonthRows, wantsLoan] = await Promise.all([
    countBy(leads, leadMatch, 'status'),
    countBy(leads, leadMatch, 'communeId'),
    countBy(leads, leadMatch, 'markets', true),
    countBy(leads, leadMatch, 'createdMonth'),
    Leads(conn).countDocuments({ ...leadMatch, wantsLoan: true }),
  ]);
  const byStatus = Object.fromEntries(leadStatuses.map((s) => [s, 0])) as Record<(typeof leadStatuses)[number], number>;
  for (const r of byStatusRows) if (r.key in byStatus) byStatus[r.key as keyof typeof byStatus] = r.n;
  return {
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    byCommune: byCount(byCommune).map((r) => ({ communeId: r.key, count: r.n })),
    byMarket: byCount(byMarket).map((r) => ({ market: r.key, count: r.n })),
    byMonth: perMonth(period, byMonthRows),
    wantsLoan,
  };
}

/** Departures by market against each of the plan's yearly targets (half of it for h1). */
function departureTargets(plan: Plan, byMarket: Map<string, number>, share: number): Stats['departures']['targets'] {
  return plan.yearlyTargets.map((t) => {
    const actual = t.markets.reduce((sum, m) => sum + (byMarket.get(m) ?? 0), 0);
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
}

/** Departures: leads that went abroad in the period (a worker who has since come home still went). */
async function departureFigures(conn: Connection, plan: Plan, year: number, name: PeriodName, countedTo: Date): Promise<Stats['departures']> {
  const period = periodOf(year, name);
  // Growth compares with the same span of the year before, not the whole of it.
  const [departed, departedBefore] = await Promise.all([
    departuresIn(conn, period.from, countedTo),
    departuresIn(conn, periodOf(year - 1, name).from, oneYearEarlier(countedTo)),
  ]);
  const byMarket = new Map<string, number>();
  const byCommune = new Map<string, number>();
  const byMonth = new Map<string, number>();
  for (const l of departed) {
    const market = l.departure?.market ?? 'other';
    byMarket.set(market, (byMarket.get(market) ?? 0) + 1);
    byCommune.set(l.communeId, (byCommune.get(l.communeId) ?? 0) + 1);
    if (l.departure?.at) byMonth.set(vietnamMonth(l.departure.at), (byMonth.get(vietnamMonth(l.departure.at)) ?? 0) + 1);
  }
  const share = name === 'h1' ? 0.5 : 1;
  const growth = departedBefore.length > 0 ? Math.round(((departed.length - departedBefore.length) / departedBefore.length) * 1000) / 1000 : null;
  const growthTarget = { min: plan.growthPercentPerYear.min / 100, max: plan.growthPercentPerYear.max / 100 };
  return {
    total: departed.length,
    byMarket: byCount([...byMarket].map(([key, n]) => ({ key, n }))).map((r) => ({ market: r.key, count: r.n })),
    byCommune: byCount([...byCommune].map(([key, n]) => ({ key, n }))).map((r) => ({ communeId: r.key, count: r.n })),
    byMonth: perMonth(period, [...byMonth].map(([key, n]) => ({ key, n }))),
    targets: departureTargets(plan, byMarket, share),
    previousPeriodTotal: departedBefore.length,
    growth,
    growthTarget,
    growthMet: growth === null ? null : growth >= growthTarget.min,
    baseline: baselineTarget(plan, year, share, departed.length),
  };
}

/** Conferences that start in the period; "held" = not cancelled and already started. */
async function conferenceFigures(conn: Connection, range: Range, now: Date): Promise<Stats['conferences']> {
  const conferences = await Conferences(conn).find({ startsAt: range }, { status: 1, startsAt: 1 }).lean();
  const held = conferences.filter((c) => c.status !== 'cancelled' && c.startsAt <= now);
  const heldIds = held.map((c) => String(c._id));
  const signups = heldIds.length ? await ConferenceSignups(conn).countDocuments({ conferenceId: { $in: heldIds }, status: 'signed_up' }) : 0;
  return {
    held: held.length,
    upcoming: conferences.filter((c) => c.status !== 'cancelled' && c.startsAt > now).length,
    cancelled: conferences.filter((c) => c.status === 'cancelled').length,
    signups,
  };
}

/** Return plans whose contract ends in the period. */
async function placementFigures(conn: Connection, range: Range): Promise<Stats['placements']> {
  const rows = await countBy(Placements(conn).collection, { contractEnd: range }, 'status');
  const withStatus = (s: string) => rows.find((r) => r.key === s)?.n ?? 0;
  const returnedOnTime = await Placements(conn).countDocuments({ contractEnd: range, status: 'returned', returnedOnTime: true });
  return {
    contractsEnding: rows.reduce((a, r) => a + r.n, 0),
    returned: withStatus('returned'),
    returnedOnTime,
    overdue: withStatus('overdue'),
    stillAbroad: withStatus('abroad') + withStatus('extended'),
  };
}

/** Broadcasts created in the period and what became of their messages. */
async function broadcastFigures(conn: Connection, counted: Range): Promise<Stats['broadcasts']> {
  const broadcasts = await Broadcasts(conn).find({ createdAt: counted }, { cancelledAt: 1 }).lean();
  const deliveries = Object.fromEntries(deliveryStatuses.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  const ids = broadcasts.map((b) => String(b._id));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await countBy(Deliveries(conn).collection, { kind: 'broadcast', subjectId: { $in: ids.slice(i, i + 500) } }, 'status');
    for (const r of rows) if (r.key in deliveries) deliveries[r.key as DeliveryStatus] += r.n;
  }
  return { count: broadcasts.length, cancelled: broadcasts.filter((b) => b.cancelledAt).length, deliveries };
}

export async function computeStats(conn: Connection, plan: Plan, year: number, name: PeriodName, now: Date): Promise<Stats> {
  const period = periodOf(year, name);
  const frame = reportFrame(plan, period, now);
  const range = { $gte: period.from, $lt: period.to };
  // What happened is counted to the day the report is made; what is planned (conferences,
  // contract ends) is shown for the whole period.
  const counted = { $gte: period.from, $lt: frame.countedTo };
  return {
    year,
    period: name,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    months: period.months,
    countedTo: frame.countedTo.toISOString(),
    lastDayCounted: frame.lastDayCounted,
    partial: frame.partial,
    dueBefore: frame.dueBefore,
    reportRecipient: plan.reportRecipient,
    plan: { targetYears: { from: plan.targetYears.from, to: plan.targetYears.to, carriedUntil: plan.targetYears.carriedUntil }, note: plan.targetYears.note },
    leads: await leadFigures(conn, period, counted),
    departures: await departureFigures(conn, plan, year, name, frame.countedTo),
    conferences: await conferenceFigures(conn, range, now),
    placements: await placementFigures(conn, range),
    broadcasts: await broadcastFigures(conn, counted),
  };
}
