import type { Connection } from 'mongoose';
import { defineDueIndex } from '../db/due-index.ts';

/**
 * The delivery worker's working set: the pending deliveries by when the worker next looks at each
 * (`nextAttemptAt`), kept by the database seam's due index (src/db/due-index.ts). On FerretDB that
 * is one small entry per pending delivery in `delivery_queue`, keyed by the delivery's key;
 * settled deliveries leave it. On MongoDB nothing is written here and the worker's query is the
 * indexed `{ status: 'pending', nextAttemptAt ≤ now }` on `deliveries` itself.
 *
 * Why a side collection on FerretDB: `deliveries` keeps every message ever sent, and FerretDB 1.24
 * reads the whole collection for any query that is not an `_id` look-up (10–13 s per tick over
 * 100,000 settled deliveries on the benchmark machine).
 *
 * The delivery stays the truth: the worker re-reads the delivery behind each due key. An entry
 * is written before the delivery it announces and removed after the delivery is settled, so a copy
 * that dies in between leaves an entry to re-check, never a pending delivery the worker cannot see.
 */
export const deliveryQueue = defineDueIndex({
  collection: 'delivery_queue',
  times: ['at'],
  sortBy: 'at',
  main: {
    collection: 'deliveries',
    dueFilter: ({ at }) => ({ status: 'pending', nextAttemptAt: { $lte: at } }),
    sort: { nextAttemptAt: 1 },
    indexes: [{ status: 1, nextAttemptAt: 1 }],
  },
});

/** The queue's side collection (FerretDB; empty on MongoDB). */
export const DeliveryQueue = (conn: Connection) => deliveryQueue.side(conn);

/** Adds entries; an entry already there (the same delivery enqueued again) is left as it is. */
export async function queueEntries(conn: Connection, entries: readonly { _id: string; at: Date }[]): Promise<void> {
  await deliveryQueue.add(conn, entries, new Date());
}

/** The worker looks at this delivery again at `at`. */
export async function requeue(conn: Connection, deliveryId: string, at: Date): Promise<void> {
  await deliveryQueue.reschedule(conn, deliveryId, { at }, at);
}

/** The delivery is settled (or gone): the worker has nothing more to do with it. */
export async function dequeue(conn: Connection, deliveryId: string): Promise<void> {
  await deliveryQueue.remove(conn, deliveryId);
}

/** Keys of the deliveries due by `now`, earliest first. */
export function dueEntries(conn: Connection, now: Date, limit: number): Promise<string[]> {
  return deliveryQueue.due(conn, { at: now }, limit);
}
