import { Types, type Connection } from 'mongoose';
import { defineDueIndex } from '../../db/due-index.ts';
import { Placements, type PlacementDoc } from './model.ts';

/**
 * When the return-home planner next needs to look at each placement: its next nudge, and (while the
 * worker is still abroad) the moment the contract counts as overdue. Kept by the database seam's due
 * index (src/db/due-index.ts):
 * - on FerretDB, one small document per placement, keyed by the placement's id, in one of two
 *   collections: `placement_agenda` for what falls due within the next three weeks,
 *   `placement_agenda_later` for the rest. Each tick reads only the first; a daily job moves
 *   entries from the second into it as their time comes near. FerretDB 1.24 answers every query
 *   that is not an `_id` look-up by reading the whole collection: over 20,000 placements that cost
 *   about 1.9 s per query on the benchmark machine, about 0.7 s over 20,000 agenda entries; the
 *   near agenda holds a few hundred.
 * - on MongoDB nothing is written beside the placements: the planner's query runs on `placements`
 *   through its indexes on `nextNudgeAt` and `status, contractEnd`, and the daily move has nothing to do.
 *
 * The placement stays the truth. The planner re-reads the placement behind every due entry and then
 * sets the entry from it, so an entry that is early or stale costs one look-up, never a wrong or a
 * missed message. Every write to a placement's plan goes through `writePlacement`, which makes the
 * entry due *before* the write: a copy that dies between the two leaves an entry the next tick
 * checks, never a placement the planner cannot see.
 */

const DAY_MS = 86_400_000;
/**
 * How far ahead the near agenda reaches: the longest early-send allowance (14 days, see
 * src/reminders/schedule-config.ts) plus a week, so the daily move may fail for a week before a nudge is late.
 */
const NEAR_MS = 21 * DAY_MS;

export const placementAgenda = defineDueIndex({
  collection: 'placement_agenda',
  later: { collection: 'placement_agenda_later', nearMs: NEAR_MS },
  times: ['nudgeAt', 'overdueAt'],
  main: {
    collection: 'placements',
    // The same condition as `overdueAt` below: abroad or extended, and a day past the contract's end.
    dueFilter: ({ nudgeAt, overdueAt }) => ({
      $or: [{ nextNudgeAt: { $lte: nudgeAt } }, { status: { $in: ['abroad', 'extended'] }, contractEnd: { $lte: new Date(overdueAt.getTime() - DAY_MS) } }],
    }),
    indexes: [{ nextNudgeAt: 1 }, { status: 1, contractEnd: 1 }],
  },
});

/** The agenda's two side collections (FerretDB; empty on MongoDB). */
export const PlacementAgenda = (conn: Connection) => placementAgenda.side(conn);
export const PlacementAgendaLater = (conn: Connection) => placementAgenda.sideLater(conn)!;

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

/** Sets the entry of one placement from the placement as stored now (removes it when none is needed). */
export async function refreshAgenda(conn: Connection, placementId: Types.ObjectId | string, now: Date): Promise<void> {
  const id = String(placementId);
  const p = await Placements(conn).findById(id, { status: 1, contractEnd: 1, nextNudgeAt: 1 }).lean();
  const entry = p ? agendaOf(p) : null;
  if (entry) await placementAgenda.reschedule(conn, id, entry, now);
  else await placementAgenda.remove(conn, id);
}

/**
 * Runs `write` (a create, update or delete of that placement) with the agenda kept true: the entry
 * is made due now first, so that whatever happens to this copy the next tick re-reads the placement.
 */
export async function writePlacement<T>(conn: Connection, placementId: Types.ObjectId | string, now: Date, write: () => Promise<T>): Promise<T> {
  await placementAgenda.reschedule(conn, String(placementId), { nudgeAt: now }, now);
  const result = await write();
  await refreshAgenda(conn, placementId, now);
  return result;
}

/** Creates a placement and its agenda entry. */
export async function createPlacement(conn: Connection, fields: Record<string, unknown>, now: Date): Promise<PlacementDoc> {
  const _id = new Types.ObjectId();
  return writePlacement(conn, _id, now, () => Placements(conn).create({ ...fields, _id }));
}

/** Keys of the placements that need the planner: a nudge due within `horizon`, or a contract overdue by `now`. */
export function dueAgenda(conn: Connection, now: Date, horizon: Date, limit: number): Promise<string[]> {
  return placementAgenda.due(conn, { nudgeAt: horizon, overdueAt: now }, limit);
}

/** The daily move: entries of the later agenda whose time is near come into the near one (FerretDB only). */
export async function bringAgendaForward(conn: Connection, now: Date): Promise<number> {
  const keys = await placementAgenda.comingNear(conn, now);
  for (const key of keys) await refreshAgenda(conn, key, now);
  return keys.length;
}

/** Agenda entries for placements inserted in bulk, bypassing `writePlacement` (benchmarks). */
export async function insertAgendaFor(conn: Connection, placements: readonly (PlanFields & { _id?: unknown })[], now: Date): Promise<void> {
  const entries: (Entry & { _id: string })[] = [];
  for (const p of placements) {
    if (!p._id) throw new Error('insertAgendaFor: placements need their _id (insert them first)');
    const entry = agendaOf(p);
    if (entry) entries.push({ _id: String(p._id), ...entry });
  }
  await placementAgenda.add(conn, entries, now);
}
