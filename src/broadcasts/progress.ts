import type { Connection } from 'mongoose';
import { Deliveries, deliveryCounts, type DeliveryStatus } from '../outbox/deliveries.ts';

export const broadcastStates = ['scheduled', 'preparing', 'sending', 'done', 'cancelled'] as const;
export type BroadcastState = (typeof broadcastStates)[number];

export interface BroadcastProgress {
  state: BroadcastState;
  counts: Record<DeliveryStatus, number>;
  failures: { reason: string; count: number }[];
}

interface BroadcastTiming {
  _id: unknown;
  sendAt: Date;
  materialisedAt?: Date | null;
  cancelledAt?: Date | null;
}

/** Where a broadcast stands, from its own document and its deliveries. */
export async function broadcastProgress(conn: Connection, b: BroadcastTiming, now: Date): Promise<BroadcastProgress> {
  const subjectId = String(b._id);
  const counts = await deliveryCounts(conn, { kind: 'broadcast', subjectId });
  const failures: { reason: string; count: number }[] = [];
  if (counts.failed > 0) {
    const rows = await Deliveries(conn).aggregate<{ _id: string | null; n: number }>([
      { $match: { kind: 'broadcast', subjectId, status: 'failed' } },
      { $group: { _id: '$lastError', n: { $sum: 1 } } },
    ]);
    for (const r of rows) failures.push({ reason: r._id ?? 'unknown', count: r.n });
    failures.sort((a, b) => b.count - a.count);
  }
  let state: BroadcastState;
  if (b.cancelledAt) state = 'cancelled';
  else if (!b.materialisedAt) state = b.sendAt > now ? 'scheduled' : 'preparing';
  else state = counts.pending > 0 ? 'sending' : 'done';
  return { state, counts, failures };
}
