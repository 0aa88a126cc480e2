import { Schema, Types, type Connection } from 'mongoose';
import { defineModel } from '../store/define.ts';
import { Placements, type PlacementDoc } from '../store/placements.ts';

/**
 * When the return-home planner next needs to look at each placement: its next nudge, and (while the
 * worker is still abroad) the moment the contract counts as overdue. One small document per
 * placement, keyed by the placement's id.
 *
 * Why a second collection when placements already hold `nextNudgeAt`: FerretDB 1.24, the database
 * of the tests and of `npm start` without MONGODB_URI, answers every query that is not an `_id`
 * look-up by reading the whole collection. Each minute's tick over 20,000 placements cost about
 * 1.3 s per query that way; over these small documents it costs a fraction of that. On MongoDB both
 * queries below use their indexes.
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

export const PlacementAgenda = defineModel('PlacementAgenda', agendaSchema);

const DAY_MS = 86_400_000;

/** A contract counts as overdue a day after its end date (one day's grace for time zones). */
export function overdueFrom(contractEnd: Date): Date {
  return new Date(contractEnd.getTime() + DAY_MS);
}

type PlanFields = Pick<PlacementDoc, 'status' | 'contractEnd' | 'nextNudgeAt'>;

/** The agenda entry of a placement; null when the planner has nothing left to do for it. */
export function agendaOf(p: PlanFields): { nudgeAt: Date | null; overdueAt: Date | null } | null {
  const nudgeAt = p.nextNudgeAt ?? null;
  const overdueAt = p.status === 'abroad' || p.status === 'extended' ? overdueFrom(p.contractEnd) : null;
  return nudgeAt || overdueAt ? { nudgeAt, overdueAt } : null;
}

/** Sets the entry of one placement from the placement as stored now (removes it when none is needed). */
export async function refreshAgenda(conn: Connection, placementId: Types.ObjectId | string): Promise<void> {
  const id = String(placementId);
  const p = await Placements(conn).findById(id, { status: 1, contractEnd: 1, nextNudgeAt: 1 }).lean();
  const entry = p ? agendaOf(p) : null;
  if (entry) await PlacementAgenda(conn).updateOne({ _id: id }, { $set: entry }, { upsert: true });
  else await PlacementAgenda(conn).deleteOne({ _id: id });
}

/**
 * Runs `write` (a create, update or delete of that placement) with the agenda kept true: the entry
 * is made due now first, so that whatever happens to this copy the next tick re-reads the placement.
 */
export async function writePlacement<T>(conn: Connection, placementId: Types.ObjectId | string, now: Date, write: () => Promise<T>): Promise<T> {
  await PlacementAgenda(conn).updateOne({ _id: String(placementId) }, { $set: { nudgeAt: now } }, { upsert: true });
  const result = await write();
  await refreshAgenda(conn, placementId);
  return result;
}

/** Creates a placement and its agenda entry. */
export async function createPlacement(conn: Connection, fields: Record<string, unknown>, now: Date): Promise<PlacementDoc> {
  const _id = new Types.ObjectId();
  return writePlacement(conn, _id, now, () => Placements(conn).create({ ...fields, _id }));
}

/** Entries that need the planner: a nudge due within `horizon`, or a contract overdue by `now`. */
export function dueAgenda(conn: Connection, now: Date, horizon: Date, limit: number) {
  return PlacementAgenda(conn)
    .find({ $or: [{ nudgeAt: { $lte: horizon } }, { overdueAt: { $lte: now } }] })
    .limit(limit)
    .lean();
}

/** Agenda entries for placements inserted in bulk, bypassing `writePlacement` (benchmarks). */
export async function insertAgendaFor(conn: Connection, placements: readonly (PlanFields & { _id?: unknown })[]): Promise<void> {
  const entries = placements.flatMap((p) => {
    const entry = agendaOf(p);
    if (!p._id) throw new Error('insertAgendaFor: placements need their _id (insert them first)');
    return entry ? [{ _id: String(p._id), ...entry }] : [];
  });
  if (entries.length) await PlacementAgenda(conn).collection.insertMany(entries as never[], { ordered: false });
}
