import { describe, expect, it } from 'vitest';
import { cancelPendingDeliveries, Deliveries, deliveryCounts, enqueueDeliveries, type DeliveryInput } from '../../src/scheduler/deliveries.ts';
import { openTestDb } from '../helpers/db.ts';

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
