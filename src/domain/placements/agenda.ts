import { Schema, Types, type Connection } from 'mongoose';
import { defineModel } from '../../db/define.ts';
import { Placements, type PlacementDoc } from './model.ts';

/**
 * When the return-home planner next needs to look at each placement: its next nudge, and (while the
 * worker is still abroad) the moment the contract counts as overdue. One small document per
 * placement, keyed by the placement's id, in one of two collections: `placement_agenda` for what
 * falls due within the next three weeks, `placement_agenda_later` for the rest. Each tick reads
 * only the first; a daily job moves entries from the second into it as their time comes near.
 *
 * Why not simply query placements by `nextNudgeAt`: FerretDB 1.24, the database of the tests and
 * of `npm start` without MONGODB_URI, answers every query that is not an `_id` look-up by reading
 * the whole collection. Over 20,000 placements that cost about 1.9 s per query on the benchmark
 * machine, and about 0.7 s over 20,000 agenda entries; the near agenda holds a few hundred. On
 * MongoDB every query here uses an index.
 *
 * The placement stays the truth. The planner re-reads the placement behind every due entry and then
 * sets the entry from it, so an entry that is early or stale costs one look-up, never a wrong or a
 * missed message. Every write to a placement's plan goes through `writePlacement`, which makes the
 * entry due *before* the write: a copy that dies between the two leaves an entry the next tick
 * checks, never a placement the planner cannot see.
 */
const agendaSchema = new Schema(
  {
    _id: { type: String, required: true },
    nudgeAt: { type: Date, default: null },
    overdueAt: { type: Date, default: null },
  },
  { versionKey: false },
);
agendaSchema.index({ nudgeAt: 1 });
agendaSchema.index({ overdueAt: 1 });

export const PlacementAgenda = defineModel('PlacementAgenda', agendaSchema.clone().set('collection', 'placement_agenda'));
export const PlacementAgendaLater = defineModel('PlacementAgendaLater', agendaSchema.clone().set('collection', 'placement_agenda_later'));

const DAY_MS = 86_400_000;
/**
 * How far ahead the near agenda reaches: the longest early-send allowance (14 days, see
 * schedule-core/config.ts) plus a week, so the daily move may fail for a week before a nudge is late.
 */
const NEAR_MS = 21 * DAY_MS;

type PlanFields = Pick<PlacementDoc, 'status' | 'contractEnd' | 'nextNudgeAt'>;
type Entry = { nudgeAt: Date | null; overdueAt: Date | null };

/**
 * When a worker still abroad becomes overdue: a day after the contract's end date (one day's grace
 * for time zones). Null once returned or already overdue.
 */
export function overdueAt(p: Pick<PlacementDoc, 'status' | 'contractEnd'>): Date | null {
  return p.status === 'abroad' || p.status === 'extended' ? new Date(p.contractEnd.getTime() + DAY_MS) : null;
}

/** The agenda entry of a placement; null when the planner has nothing left to do for it. */
export function agendaOf(p: PlanFields): Entry | null {
  const entry = { nudgeAt: p.nextNudgeAt ?? null, overdueAt: overdueAt(p) };
  return entry.nudgeAt || entry.overdueAt ? entry : null;
}

function isNear(entry: Entry, now: Date): boolean {
  const first = Math.min(entry.nudgeAt?.getTime() ?? Infinity, entry.overdueAt?.getTime() ?? Infinity);
  return first <= now.getTime() + NEAR_MS;
}

/** Sets the entry of one placement from the placement as stored now (removes it when none is needed). */
export async function refreshAgenda(conn: Connection, placementId: Types.ObjectId | string, now: Date): Promise<void> {
  const id = String(placementId);
  const p = await Placements(conn).findById(id, { status: 1, contractEnd: 1, nextNudgeAt: 1 }).lean();
  const entry = p ? agendaOf(p) : null;
  if (!entry) {
    await PlacementAgenda(conn).deleteOne({ _id: id });
    await PlacementAgendaLater(conn).deleteOne({ _id: id });
    return;
  }
  // Written where it belongs before it is removed from the other: a crash in between leaves two.
  const [into, outOf] = isNear(entry, now) ? [PlacementAgenda(conn), PlacementAgendaLater(conn)] : [PlacementAgendaLater(conn), PlacementAgenda(conn)];
  await into.updateOne({ _id: id }, { $set: entry }, { upsert: true });
  await outOf.deleteOne({ _id: id });
}

/**
 * Runs `write` (a create, update or delete of that placement) with the agenda kept true: the entry
 * is made due now first, so that whatever happens to this copy the next tick re-reads the placement.
 */
export async function writePlacement<T>(conn: Connection, placementId: Types.ObjectId | string, now: Date, write: () => Promise<T>): Promise<T> {
  await PlacementAgenda(conn).updateOne({ _id: String(placementId) }, { $set: { nudgeAt: now } }, { upsert: true });
  const result = await write();
  await refreshAgenda(conn, placementId, now);
  return result;
}

/** Creates a placement and its agenda entry. */
export async function createPlacement(conn: Connection, fields: Record<string, unknown>, now: Date): Promise<PlacementDoc> {
  const _id = new Types.ObjectId();
  return writePlacement(conn, _id, now, () => Placements(conn).create({ ...fields, _id }));
}

const dueFilter = (nudgesBy: Date, overdueBy: Date) => ({ $or: [{ nudgeAt: { $lte: nudgesBy } }, { overdueAt: { $lte: overdueBy } }] });

/** Entries that need the planner: a nudge due within `horizon`, or a contract overdue by `now`. */
export function dueAgenda(conn: Connection, now: Date, horizon: Date, limit: number) {
  return PlacementAgenda(conn).find(dueFilter(horizon, now)).limit(limit).lean();
}

/** The daily move: entries of the later agenda whose time is near come into the near one. */
export async function bringAgendaForward(conn: Connection, now: Date): Promise<number> {
  const near = new Date(now.getTime() + NEAR_MS);
  const entries = await PlacementAgendaLater(conn).find(dueFilter(near, near), { _id: 1 }).lean();
  for (const e of entries) await refreshAgenda(conn, e._id, now);
  return entries.length;
}

/** Agenda entries for placements inserted in bulk, bypassing `writePlacement` (benchmarks). */
export async function insertAgendaFor(conn: Connection, placements: readonly (PlanFields & { _id?: unknown })[], now: Date): Promise<void> {
  const near: (Entry & { _id: string })[] = [];
  const later: (Entry & { _id: string })[] = [];
  for (const p of placements) {
    if (!p._id) throw new Error('insertAgendaFor: placements need their _id (insert them first)');
    const entry = agendaOf(p);
    if (entry) (isNear(entry, now) ? near : later).push({ _id: String(p._id), ...entry });
  }
  if (near.length) await PlacementAgenda(conn).collection.insertMany(near as never[], { ordered: false });
  if (later.length) await PlacementAgendaLater(conn).collection.insertMany(later as never[], { ordered: false });
}
