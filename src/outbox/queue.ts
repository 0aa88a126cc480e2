import { Schema, type Connection } from 'mongoose';
import { insertedDespiteDuplicates } from '../db/errors.ts';
import { defineModel } from '../db/define.ts';

/**
 * The delivery worker's working set: one small entry per pending delivery, keyed by the delivery's
 * key, saying when the worker next looks at it. Settled deliveries leave it.
 *
 * Why not query `deliveries` by status: FerretDB 1.24 (the database of the tests and of `npm start`
 * without MONGODB_URI) reads the whole collection for any query that is not an `_id` look-up, and
 * `deliveries` keeps every message ever sent. With 100,000 settled deliveries that query took
 * 10–13 s per tick on the benchmark machine. On MongoDB every query here uses an index.
 *
 * The delivery stays the truth: the worker re-reads the delivery behind each due entry. An entry
 * is written before the delivery it announces and removed after the delivery is settled, so a copy
 * that dies in between leaves an entry to re-check, never a pending delivery the worker cannot see.
 */
const queueSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'delivery_queue' },
);
queueSchema.index({ at: 1 });

export const DeliveryQueue = defineModel('DeliveryQueue', queueSchema);

/** Adds entries; an entry already there (the same delivery enqueued again) is left as it is. */
export async function queueEntries(conn: Connection, entries: readonly { _id: string; at: Date }[]): Promise<void> {
  if (entries.length === 0) return;
  await DeliveryQueue(conn)
    .collection.insertMany(entries as never[], { ordered: false })
    .catch((err: unknown) => insertedDespiteDuplicates(err, entries.length));
}

/** The worker looks at this delivery again at `at`. */
export async function requeue(conn: Connection, deliveryId: string, at: Date): Promise<void> {
  await DeliveryQueue(conn).updateOne({ _id: deliveryId }, { $set: { at } }, { upsert: true });
}

/** The delivery is settled (or gone): the worker has nothing more to do with it. */
export async function dequeue(conn: Connection, deliveryId: string): Promise<void> {
  await DeliveryQueue(conn).deleteOne({ _id: deliveryId });
}

/** Entries due by `now`, earliest first. */
export function dueEntries(conn: Connection, now: Date, limit: number) {
  return DeliveryQueue(conn).find({ at: { $lte: now } }, { _id: 1 }).sort({ at: 1 }).limit(limit).lean();
}
