import type { Connection } from 'mongoose';
import type { Logger } from '../core/log.ts';
import { cancelPendingDeliveries, enqueueDeliveries, type DeliveryInput } from '../outbox/deliveries.ts';
import { audienceBatches } from './audience.ts';
import { audienceSchema, Broadcasts } from './model.ts';

/**
 * Turns a due broadcast into one Delivery per person. Safe to run again at any point, by any
 * copy of the service: deliveries are insert-only under their key, and `materialisedAt` is set
 * only once all of them exist, so a crash half-way leaves the broadcast to be expanded again.
 */
export async function materialiseBroadcast(conn: Connection, broadcastId: string, now: Date): Promise<'done' | 'cancelled' | 'skipped'> {
  const model = Broadcasts(conn);
  const b = await model.findById(broadcastId).lean();
  if (!b || b.materialisedAt) return 'skipped';
  if (b.cancelledAt) return 'cancelled';
  const audience = audienceSchema.parse(b.audience ?? {});
  const subjectId = String(b._id);
  let size = 0;
  const excluded = { optedOut: 0, unreachable: 0 };
  for await (const batch of audienceBatches(conn, audience)) {
    const items: DeliveryInput[] = [];
    for (const c of batch) {
      if (c.optedOut) excluded.optedOut++;
      else if (c.unreachable) excluded.unreachable++;
      else {
        size++;
        items.push({
          kind: 'broadcast',
          subjectId,
          contactId: c._id,
          occurrence: '1',
          dueAt: b.sendAt,
          purpose: 'broadcast',
          text: { vi: b.text.vi, ...(b.text.en ? { en: b.text.en } : {}) },
        });
      }
    }
    // Staff may cancel while a large audience is being expanded: stop adding to it.
    if ((await model.findById(broadcastId, { cancelledAt: 1 }).lean())?.cancelledAt) return finishCancelled(conn, subjectId, now);
    await enqueueDeliveries(conn, items);
  }
  await model.updateOne({ _id: b._id, materialisedAt: null }, { $set: { materialisedAt: now, audienceSize: size, excluded } });
  if ((await model.findById(broadcastId, { cancelledAt: 1 }).lean())?.cancelledAt) return finishCancelled(conn, subjectId, now);
  return 'done';
}

async function finishCancelled(conn: Connection, subjectId: string, now: Date): Promise<'cancelled'> {
  await cancelPendingDeliveries(conn, { kind: 'broadcast', subjectId }, now, 'broadcast cancelled');
  return 'cancelled';
}

/** Expands every broadcast that is due and not yet (fully) expanded. */
export async function materialiseDueBroadcasts(conn: Connection, now: Date, log: Logger): Promise<number> {
  const due = await Broadcasts(conn)
    .find({ materialisedAt: null, cancelledAt: null, sendAt: { $lte: now } }, { _id: 1 })
    .sort({ sendAt: 1 })
    .limit(20)
    .lean();
  let done = 0;
  for (const { _id } of due) {
    try {
      if ((await materialiseBroadcast(conn, String(_id), now)) === 'done') done++;
    } catch (err) {
      log.error({ err, broadcastId: String(_id) }, 'broadcast expansion failed; will retry');
    }
  }
  return done;
}
