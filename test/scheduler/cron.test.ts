import { describe, expect, it } from 'vitest';
import { Deliveries, enqueueDeliveries } from '../../src/outbox/deliveries.ts';
import { systemClock } from '../../src/core/clock.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { defaultSchedule, fakePlatforms, seedContact, startSchedulerService } from '../helpers/scheduler.ts';

async function oneDueMessage(conn: Awaited<ReturnType<typeof openTestDb>>, userId: string) {
  const contactId = await seedContact(conn, 'messenger', userId, new Date(), { timeZone: 'UTC' });
  await enqueueDeliveries(conn, [
    { kind: 'broadcast', subjectId: 'cron', contactId, occurrence: '1', dueAt: new Date(Date.now() - 1000), purpose: 'broadcast', text: { vi: 'Thông báo' }, timeZone: 'UTC' },
  ]);
  return `broadcast:cron:${contactId}:1`;
}

describe('the node-cron tick', { timeout: 90_000 }, () => {
  it('drives the scheduler where SCHEDULER_ENABLED is on, and nowhere else', async () => {
    const fakes = await fakePlatforms();
    const offConn = await openTestDb(testDbName('_off'));
    const onConn = await openTestDb(testDbName('_on'));
    const off = await oneDueMessage(offConn, 'cron-off');
    const on = await oneDueMessage(onConn, 'cron-on');
    // Every second here (the default is every minute), so the test need not wait long.
    const fast = { tickCron: '* * * * * *', tickPeriodMs: 1000 };
    // No quiet hours in this test: it runs on the real clock, at whatever time of day.
    const schedule = { ...defaultSchedule, quietHours: { start: '00:00', end: '00:00' } };
    await startSchedulerService(offConn, fakes, systemClock, { env: { SCHEDULER_ENABLED: 'false' }, scheduler: { ...fast, schedule } });
    await startSchedulerService(onConn, fakes, systemClock, { env: { SCHEDULER_ENABLED: 'true' }, scheduler: { ...fast, schedule } });
    await waitFor(async () => (await Deliveries(onConn).findById(on).lean())?.status === 'sent', 45_000);
    expect(fakes.graph.textsTo('cron-on')).toEqual(['Thông báo']);
    // The enabled copy ticked at least once meanwhile; the disabled one never did.
    expect((await Deliveries(offConn).findById(off).lean())?.status).toBe('pending');
    expect(fakes.graph.textsTo('cron-off')).toHaveLength(0);
  });
});
