import { describe, expect, it } from 'vitest';
import { cancelPendingDeliveries, Deliveries, deliveryCounts, enqueueDeliveries, type DeliveryInput } from '../../src/outbox/deliveries.ts';
import { SendError, type Outbound } from '../../src/outbox/sender.ts';
import { parseConfig } from '../../src/core/config.ts';
import { createMetrics } from '../../src/core/metrics.ts';
import { DeliveryClaims } from '../../src/outbox/claims.ts';
import { storeReceipts } from '../../src/outbox/receipts.ts';
import { createDeliveryWorker } from '../../src/outbox/worker.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { openTestDb, testLog } from '../helpers/db.ts';

const conn = await openTestDb();

function item(contact: string, over: Partial<DeliveryInput> = {}): DeliveryInput {
  return {
    kind: 'broadcast',
    subjectId: 'b1',
    contactId: `zalo:${contact}`,
    occurrence: '1',
    dueAt: new Date('2026-11-24T03:00:00Z'),
    purpose: 'broadcast',
    text: { vi: 'Xin chào', en: 'Hello' },
    ...over,
  };
}

describe('enqueueDeliveries', () => {
  it('inserts each key once, however often it is enqueued', async () => {
    const first = await enqueueDeliveries(conn, [item('a'), item('b'), item('c')]);
    expect(first.inserted).toBe(3);
    const again = await enqueueDeliveries(conn, [item('a'), item('b'), item('c'), item('d')]);
    expect(again.inserted).toBe(1);
    expect(await Deliveries(conn).countDocuments({ subjectId: 'b1' })).toBe(4);
    const doc = await Deliveries(conn).findById('broadcast:b1:zalo:a:1').lean();
    expect(doc).toMatchObject({ status: 'pending', channel: 'zalo', attempts: 0, month: '2026-11' });
  });

  it('rejects a malformed item and stores nothing of that call', async () => {
    await expect(enqueueDeliveries(conn, [item('x', { subjectId: 'b2' }), item('y', { subjectId: 'b2', contactId: 'nochannel' })])).rejects.toThrow(
      /contactId/,
    );
    expect(await Deliveries(conn).countDocuments({ subjectId: 'b2' })).toBe(0);
  });

  it('counts deliveries per status for one subject, cancelled ones included', async () => {
    await enqueueDeliveries(conn, [item('p', { subjectId: 'b3' }), item('q', { subjectId: 'b3' }), item('r', { subjectId: 'b3' })]);
    const cancelled = await cancelPendingDeliveries(conn, { kind: 'broadcast', subjectId: 'b3', contactId: 'zalo:p' }, new Date(), 'test');
    expect(cancelled).toBe(1);
    const counts = await deliveryCounts(conn, { kind: 'broadcast', subjectId: 'b3' });
    expect(counts).toEqual({ pending: 2, sent: 0, failed: 0, window_closed: 0, opted_out: 0, cancelled: 1 });
  });
});

describe('delivery worker', () => {
  const ctx = {
    config: parseConfig({}),
    conn,
    log: testLog,
    clock: { now: () => new Date('2026-11-24T03:00:00Z') },
    metrics: createMetrics(),
  };
  const quietHours = { start: '22:00', end: '07:00' };
  const sent: string[] = [];
  let failures: SendError[] = [];
  const outbound: Outbound = {
    console: {
      route: () => ({ kind: 'free' }),
      async send(recipient, activity) {
        const failure = failures.shift();
        if (failure) throw failure;
        sent.push(`${recipient.userId}:${activity.text}`);
        return { messageIds: [`m${sent.length}`] };
      },
    },
  };
  const worker = createDeliveryWorker(ctx, outbound, { quietHours, backoffMs: () => 60_000, maxAttempts: 3 });
  const t0 = new Date('2026-11-24T03:00:00Z'); // 10:00 in Vietnam
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);

  async function person(name: string) {
    await Contacts(conn).create({ _id: `console:${name}`, channel: 'console', userId: name, firstInboundAt: t0, lastInboundAt: t0 });
    return `console:${name}`;
  }

  it('a claim left from before the platform call (no sendingAt, as older versions wrote): the message is sent later, once', async () => {
    const c = await person('rec1');
    await enqueueDeliveries(conn, [item('x', { kind: 'broadcast', subjectId: 'w1', contactId: c, dueAt: t0 })]);
    await DeliveryClaims(conn).create({ _id: `broadcast:w1:${c}:1#1`, deliveryId: `broadcast:w1:${c}:1`, attempt: 1, owner: 'dead', at: t0, expiresAt: at(10), open: true });
    await worker.runOnce(at(1));
    expect(sent.filter((s) => s.startsWith('rec1'))).toHaveLength(0);
    await worker.runOnce(at(11));
    await worker.runOnce(at(12));
    expect(sent.filter((s) => s.startsWith('rec1'))).toEqual(['rec1:Xin chào']);
    expect(await Deliveries(conn).findById(`broadcast:w1:${c}:1`).lean()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a copy that died during the platform call: flagged failed (interrupted), never sent twice', async () => {
    const c = await person('rec2');
    await enqueueDeliveries(conn, [item('x', { kind: 'broadcast', subjectId: 'w2', contactId: c, dueAt: t0 })]);
    await DeliveryClaims(conn).create({ _id: `broadcast:w2:${c}:1#1`, deliveryId: `broadcast:w2:${c}:1`, attempt: 1, owner: 'dead', at: t0, expiresAt: at(10), open: true, sendingAt: t0 });
    await worker.runOnce(at(11));
    await worker.runOnce(at(30));
    expect(sent.filter((s) => s.startsWith('rec2'))).toHaveLength(0);
    const d = await Deliveries(conn).findById(`broadcast:w2:${c}:1`).lean();
    expect(d?.status).toBe('failed');
    expect(d?.lastError).toMatch(/^interrupted/);
  });

  describe('where the platform echoes tagged messages (send receipts)', () => {
    const tags: string[] = [];
    const confirming: Outbound = {
      console: {
        confirmsSends: true,
        route: () => ({ kind: 'free' }),
        async send(recipient, activity, _route, _template, tag) {
          if (tag) tags.push(tag.id);
          sent.push(`${recipient.userId}:${activity.text}`);
          return { messageIds: [`m${sent.length}`] };
        },
      },
    };
    const echoing = createDeliveryWorker({ ...ctx, metrics: createMetrics() }, confirming, { quietHours, backoffMs: () => 60_000, maxAttempts: 3, receiptGraceMs: 0 });
    const interrupted = async (name: string, subject: string) => {
      const c = await person(name);
      const id = `broadcast:${subject}:${c}:1`;
      await enqueueDeliveries(conn, [item('x', { kind: 'broadcast', subjectId: subject, contactId: c, dueAt: t0 })]);
      await DeliveryClaims(conn).create({ _id: `${id}#1`, deliveryId: id, attempt: 1, owner: 'dead', at: t0, expiresAt: at(10), open: true, sendingAt: t0, confirmable: 'console' });
      return id;
    };

    it('tags each attempt with its claim, so its echo can be told apart', async () => {
      const c = await person('tag5');
      await enqueueDeliveries(conn, [item('x', { kind: 'broadcast', subjectId: 'w5', contactId: c, dueAt: t0 })]);
      await echoing.runOnce(at(1));
      expect(tags).toContain(`broadcast:w5:${c}:1#1`);
      expect(await DeliveryClaims(conn).findById(`broadcast:w5:${c}:1#1`).lean()).toMatchObject({ confirmable: 'console', open: false });
    });

    it('a copy that died during the call, whose message the platform echoed: recorded as sent, not sent again', async () => {
      const id = await interrupted('echo6', 'w6');
      await storeReceipts(conn, 'console', [`${id}#1/0`]);
      await echoing.runOnce(at(11));
      await echoing.runOnce(at(30));
      expect(sent.filter((s) => s.startsWith('echo6'))).toHaveLength(0);
      expect(await Deliveries(conn).findById(id).lean()).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('a copy that died during the call, whose message never came back: sent once by the next attempt', async () => {
      const id = await interrupted('echo7', 'w7');
      await echoing.runOnce(at(11));
      await echoing.runOnce(at(12));
      await echoing.runOnce(at(30));
      expect(sent.filter((s) => s.startsWith('echo7'))).toEqual(['echo7:Xin chào']);
      expect(await Deliveries(conn).findById(id).lean()).toMatchObject({ status: 'sent', attempts: 2 });
    });
  });

  it('sends several at once where receipts can confirm them, one at a time where they cannot', async () => {
    const inFlightMax = async (confirmsSends: boolean, subject: string) => {
      let now = 0;
      let max = 0;
      const slow: Outbound = {
        console: {
          confirmsSends,
          route: () => ({ kind: 'free' }),
          async send() {
            max = Math.max(max, ++now);
            await new Promise((r) => setTimeout(r, 40));
            now--;
            return { messageIds: ['m'] };
          },
        },
      };
      const people = await Promise.all([1, 2, 3, 4].map((i) => person(`${subject}-${i}`)));
      await enqueueDeliveries(conn, people.map((c) => item('x', { kind: 'broadcast', subjectId: subject, contactId: c, dueAt: t0 })));
      const worker = createDeliveryWorker({ ...ctx, metrics: createMetrics() }, slow, { quietHours, ratePerSecond: { console: 1000 } });
      const report = await worker.runOnce(at(1));
      expect(report.outcomes.sent).toBe(4);
      return max;
    };
    expect(await inFlightMax(true, 'lanes-a')).toBeGreaterThan(1);
    expect(await inFlightMax(false, 'lanes-b')).toBe(1);
  });

  it('retries a transient failure after the back-off and records a permanent one with its reason', async () => {
    const a = await person('rec3');
    await enqueueDeliveries(conn, [item('x', { kind: 'broadcast', subjectId: 'w3', contactId: a, dueAt: t0 })]);
    failures = [new SendError('zalo: HTTP 503', false, 'retry_later')];
    await worker.runOnce(at(0));
    expect(await Deliveries(conn).findById(`broadcast:w3:${a}:1`).lean()).toMatchObject({ status: 'pending', attempts: 1 });
    await worker.runOnce(at(0.5)); // back-off not over
    expect(sent.filter((s) => s.startsWith('rec3'))).toHaveLength(0);
    await worker.runOnce(at(1));
    expect(sent.filter((s) => s.startsWith('rec3'))).toHaveLength(1);

    const b = await person('rec4');
    await enqueueDeliveries(conn, [item('x', { kind: 'broadcast', subjectId: 'w4', contactId: b, dueAt: t0 })]);
    failures = [new SendError('messenger: person blocked the page', true, 'unreachable')];
    await worker.runOnce(at(2));
    const d = await Deliveries(conn).findById(`broadcast:w4:${b}:1`).lean();
    expect(d?.status).toBe('failed');
    expect(d?.lastError).toContain('unreachable');
    expect((await Contacts(conn).findById(b).lean())?.unreachable?.reason).toContain('blocked');
  });

  it('waits for morning in the person\'s zone instead of writing at night', async () => {
    const c = await person('rec5');
    const night = new Date('2026-11-24T16:00:00Z'); // 23:00 in Vietnam
    await enqueueDeliveries(conn, [item('x', { kind: 'broadcast', subjectId: 'w5', contactId: c, dueAt: night })]);
    await worker.runOnce(night);
    expect(sent.filter((s) => s.startsWith('rec5'))).toHaveLength(0);
    expect((await Deliveries(conn).findById(`broadcast:w5:${c}:1`).lean())?.nextAttemptAt.toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });
});
