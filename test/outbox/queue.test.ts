import { describe, expect, it } from 'vitest';
import type { Outbound } from '../../src/outbox/sender.ts';
import { parseConfig } from '../../src/core/config.ts';
import { createMetrics } from '../../src/core/metrics.ts';
import { cancelPendingDeliveries, Deliveries, enqueueDeliveries, type DeliveryInput } from '../../src/outbox/deliveries.ts';
import { DeliveryClaims, pruneClosedClaims } from '../../src/outbox/claims.ts';
import { DeliveryQueue, queueEntries } from '../../src/outbox/queue.ts';
import { createDeliveryWorker } from '../../src/outbox/worker.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { openTestDb, testLog } from '../helpers/db.ts';

const conn = await openTestDb();
const t0 = new Date('2026-11-24T03:00:00Z'); // 10:00 in Vietnam
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

const sent: string[] = [];
const outbound: Outbound = {
  console: {
    route: () => ({ kind: 'free' }),
    async send(recipient, activity) {
      sent.push(`${recipient.userId}:${activity.text}`);
      return { messageIds: [`m${sent.length}`] };
    },
  },
};
const ctx = { config: parseConfig({}), conn, log: testLog, clock: { now: () => t0 }, metrics: createMetrics() };
const worker = createDeliveryWorker(ctx, outbound, { quietHours: { start: '22:00', end: '07:00' } });

async function person(name: string): Promise<string> {
  await Contacts(conn).create({ _id: `console:${name}`, channel: 'console', userId: name, firstInboundAt: t0, lastInboundAt: t0 });
  return `console:${name}`;
}

function notice(contactId: string, subjectId: string, dueAt = t0): DeliveryInput {
  return { kind: 'broadcast', subjectId, contactId, occurrence: '1', dueAt, purpose: 'broadcast', text: { vi: 'Thông báo' } };
}

const queued = async (id: string) => DeliveryQueue(conn).findById(id).lean();

describe("the delivery worker's queue", () => {
  it('holds only what is still pending: a sent message leaves it, the delivery stays as history', async () => {
    const a = await person('q1');
    await enqueueDeliveries(conn, [notice(a, 'qa')]);
    expect(await queued(`broadcast:qa:${a}:1`)).toMatchObject({ at: t0 });
    await worker.runOnce(at(1));
    expect(sent).toContain('q1:Thông báo');
    expect(await queued(`broadcast:qa:${a}:1`)).toBeNull();
    expect(await Deliveries(conn).findById(`broadcast:qa:${a}:1`).lean()).toMatchObject({ status: 'sent' });
  });

  it('a copy that died after queueing but before storing the deliveries: the entry is dropped, nothing is sent', async () => {
    const id = 'broadcast:qb:console:nobody:1';
    await queueEntries(conn, [{ _id: id, at: t0 }]);
    const report = await worker.runOnce(at(1));
    expect(report.looked).toBe(0);
    expect(await queued(id)).toBeNull();
  });

  it('a cancelled message leaves the queue when its time comes, unsent', async () => {
    const c = await person('q3');
    await enqueueDeliveries(conn, [notice(c, 'qc', at(30))]);
    await cancelPendingDeliveries(conn, { kind: 'broadcast', subjectId: 'qc' }, t0, 'broadcast withdrawn');
    await worker.runOnce(at(31));
    expect(sent.filter((s) => s.startsWith('q3'))).toEqual([]);
    expect(await queued(`broadcast:qc:${c}:1`)).toBeNull();
  });

  it('an entry earlier than its delivery (a copy died between the two writes) follows the delivery, which goes out on time', async () => {
    const d = await person('q4');
    const id = `broadcast:qd:${d}:1`;
    await enqueueDeliveries(conn, [notice(d, 'qd')]);
    // The delivery was deferred to 12:00 but its entry still says 10:00.
    await Deliveries(conn).updateOne({ _id: id }, { $set: { nextAttemptAt: at(120) } });
    await worker.runOnce(at(1));
    expect(sent.filter((s) => s.startsWith('q4'))).toEqual([]);
    expect(await queued(id)).toMatchObject({ at: at(120) });
    await worker.runOnce(at(120));
    expect(sent.filter((s) => s.startsWith('q4'))).toEqual(['q4:Thông báo']);
  });

  it('closed claims older than two days are pruned; the message is still not sent again, and open claims stay', async () => {
    const e = await person('q5');
    const id = `broadcast:qe:${e}:1`;
    await enqueueDeliveries(conn, [notice(e, 'qe')]);
    await worker.runOnce(at(1));
    await DeliveryClaims(conn).create({ _id: 'broadcast:qx:console:q5:1#1', deliveryId: 'broadcast:qx:console:q5:1', attempt: 1, owner: 'dead', at: t0, expiresAt: at(10), open: true, sendingAt: t0 });
    const threeDaysOn = new Date(t0.getTime() + 3 * 86_400_000);
    expect(await pruneClosedClaims(conn, new Date(threeDaysOn.getTime() - 2 * 86_400_000))).toBeGreaterThan(0);
    expect(await DeliveryClaims(conn).findById(`${id}#1`).lean()).toBeNull();
    expect(await DeliveryClaims(conn).findById('broadcast:qx:console:q5:1#1').lean()).toMatchObject({ open: true });
    await enqueueDeliveries(conn, [notice(e, 'qe')]);
    await worker.runOnce(threeDaysOn);
    expect(sent.filter((s) => s.startsWith('q5'))).toEqual(['q5:Thông báo']);
  });
});
