import { describe, expect, it } from 'vitest';
import { signUp } from '../../src/reminders/conferences.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { api } from '../helpers/service.ts';
import { defaultSchedule, fakePlatforms, personWrote, registerWorkerAbroad, seedContact, startSchedulerService, testClock } from '../helpers/scheduler.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function conference(base: string, startsAt: string) {
  const res = await api(base, 'POST', '/api/conferences', {
    title: { vi: 'Hội nghị đi Đài Loan' },
    startsAt,
    place: { vi: 'UBND xã Vũ Lăng' },
    communeId: 'vu_lang',
    markets: ['taiwan'],
  });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

describe('platform windows', () => {
  it('outside every window a reminder is window_closed and sent nowhere; with templates configured it goes by template', async () => {
    const dbName = testDbName('_win');
    const conn = await openTestDb(dbName);
    const fakes = await fakePlatforms();
    const clock = testClock('2026-12-01T02:00:00Z');
    fakes.graph.now = fakes.zalo.now = () => clock.now().getTime();
    const plain = await startSchedulerService(conn, fakes, clock);
    // The person last wrote 10 days ago: outside Messenger's 24 h and Zalo's 7 days.
    const longAgo = new Date(clock.now().getTime() - 10 * DAY);
    const m = await seedContact(conn, 'messenger', 'psid-closed', longAgo);
    const z = await seedContact(conn, 'zalo', 'zalo-closed', longAgo);
    await personWrote(conn, fakes, m, longAgo);
    await personWrote(conn, fakes, z, longAgo);
    await Leads(conn).collection.insertOne({ phoneKey: '84912345678', contactIds: [z], fullName: 'x', createdAt: longAgo });
    const first = await conference(plain.base, '2026-12-10T09:00:00+07:00');
    await signUp(plain.service.ctx, first, m, clock.now());
    await signUp(plain.service.ctx, first, z, clock.now());
    await plain.service.scheduler.runTick(clock.set('2026-12-07T02:00:00Z'));
    const closed = await Deliveries(conn).find({ subjectId: first, occurrence: 'd3.v1' }).lean();
    expect(closed.map((d) => d.status)).toEqual(['window_closed', 'window_closed']);
    expect(closed[0]!.lastError).toMatch(/24 h|7 days/);
    expect(fakes.graph.sent.filter((s) => s.recipientId === 'psid-closed')).toHaveLength(0);
    expect(fakes.zalo.sent.filter((s) => s.userId === 'zalo-closed')).toHaveLength(0);
    expect(fakes.zalo.zns).toHaveLength(0);
    // Staff see it in the conference's report, to phone the person.
    expect((await api(plain.base, 'GET', `/api/conferences/${first}/signups`)).json).toMatchObject({ reminders: { window_closed: 2 } });
    const toPhone = await api(plain.base, 'GET', '/api/deliveries?status=window_closed');
    expect((toPhone.json.items as { contactId: string }[]).map((d) => d.contactId).sort()).toEqual([m, z]);
    await plain.stop();

    const withTemplates = await startSchedulerService(await openTestDb(dbName), fakes, clock, {
      env: { MESSENGER_UTILITY_TEMPLATE_REMINDER: 'nhac_hoi_nghi', ZALO_ZNS_TEMPLATE_REMINDER: '7001' },
    });
    await withTemplates.service.scheduler.runTick(clock.set('2026-12-09T02:00:00Z'));
    const utility = fakes.graph.sent.filter((s) => s.recipientId === 'psid-closed');
    expect(utility).toHaveLength(1);
    expect(utility[0]!.messagingType).toBe('UTILITY');
    expect(utility[0]!.message.template?.name).toBe('nhac_hoi_nghi');
    expect(fakes.zalo.zns).toHaveLength(1);
    expect(fakes.zalo.zns[0]).toMatchObject({ phone: '84912345678', templateId: '7001', data: { ten_hoi_nghi: 'Hội nghị đi Đài Loan', thoi_gian: '10/12/2026 09:00' } });
    expect(fakes.zalo.sent.filter((s) => s.userId === 'zalo-closed')).toHaveLength(0);
    const d1 = await Deliveries(conn).find({ subjectId: first, occurrence: 'd1.v1' }).lean();
    expect(d1.map((d) => d.status)).toEqual(['sent', 'sent']);
  });
});

describe('return-home nudges', () => {
  it('a nudge due at 06:00 in Seoul waits until 07:00 Seoul time', async () => {
    const conn = await openTestDb(testDbName('_seoul'));
    const fakes = await fakePlatforms();
    const clock = testClock('2026-11-01T00:00:00Z');
    fakes.graph.now = fakes.zalo.now = () => clock.now().getTime();
    const schedule = { ...defaultSchedule, returnNudges: { ...defaultSchedule.returnNudges, localTime: '06:00', earlyDays: 0 } };
    const svc = await startSchedulerService(conn, fakes, clock, { scheduler: { schedule } });
    const worker = await seedContact(conn, 'zalo', 'zalo-seoul', clock.now(), { timeZone: 'Asia/Seoul' });
    await registerWorkerAbroad(svc.base, { contactId: worker, country: 'KR', city: 'Seoul', timeZone: 'Asia/Seoul', contractEnd: '2027-03-31' }, '2026-11-01T00:00:00Z');
    // 90 days before 31 March 2027 is 31 December 2026; 06:00 in Seoul is 21:00 UTC the day before.
    const six = new Date('2026-12-30T21:00:00Z');
    await personWrote(conn, fakes, worker, new Date(six.getTime() - DAY));
    await svc.service.scheduler.runTick(clock.set(new Date(six.getTime() - 3 * DAY)));
    await svc.service.scheduler.runTick(clock.set(six));
    await svc.service.scheduler.runTick(clock.set(new Date(six.getTime() + 59 * 60_000)));
    expect(fakes.zalo.textsTo('zalo-seoul')).toHaveLength(0);
    await svc.service.scheduler.runTick(clock.set(new Date(six.getTime() + HOUR))); // 07:00 Seoul
    const texts = fakes.zalo.textsTo('zalo-seoul');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('31/03/2027');
    expect(texts[0]).toContain('Nghị định 283/2026/NĐ-CP');
    const sent = fakes.zalo.sent.find((s) => s.userId === 'zalo-seoul');
    expect(JSON.stringify(sent?.message)).toContain('Tôi đã về nhà');
  });

  it('goes out early, inside the open window, rather than late into a closed one; stops once the worker is home', async () => {
    const conn = await openTestDb(testDbName('_early'));
    const fakes = await fakePlatforms();
    const clock = testClock('2026-11-01T00:00:00Z');
    fakes.graph.now = fakes.zalo.now = () => clock.now().getTime();
    const svc = await startSchedulerService(conn, fakes, clock);
    const worker = await seedContact(conn, 'messenger', 'psid-early', clock.now(), { timeZone: 'Asia/Tokyo' });
    const placementId = await registerWorkerAbroad(svc.base, { contactId: worker, country: 'JP', timeZone: 'Asia/Tokyo', contractEnd: '2027-03-01' }, '2026-11-01T00:00:00Z');
    // The 90-day nudge is due 1 December 2026, 09:00 Tokyo (00:00 UTC). The person last wrote
    // 29 November 10:00 Tokyo, so Messenger's 24 h window closes 30 November 10:00 Tokyo.
    const due = new Date('2026-12-01T00:00:00Z');
    const wrote = new Date('2026-11-29T01:00:00Z');
    await personWrote(conn, fakes, worker, wrote);
    await svc.service.scheduler.runTick(clock.set('2026-11-29T02:00:00Z'));
    expect(fakes.graph.textsTo('psid-early')).toHaveLength(0);
    const pending = await Deliveries(conn).findOne({ subjectId: placementId }).lean();
    expect(pending?.status).toBe('pending');
    const planned = pending!.nextAttemptAt;
    expect(planned < new Date(wrote.getTime() + DAY)).toBe(true);
    expect(planned > new Date(wrote.getTime() + DAY - 2 * HOUR)).toBe(true);
    await svc.service.scheduler.runTick(clock.set(planned));
    expect(fakes.graph.textsTo('psid-early')).toHaveLength(1);
    expect(clock.now() < due).toBe(true);

    // "I am back home": no more nudges, including the one after the end date.
    const back = await api(svc.base, 'PATCH', `/api/placements/${placementId}`, { returned: true });
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ status: 'returned', returnedOnTime: true, nextNudgeAt: null });
    for (const at of ['2026-12-31T00:00:00Z', '2027-01-30T00:00:00Z', '2027-02-22T00:00:00Z', '2027-03-04T00:00:00Z']) {
      await personWrote(conn, fakes, worker, new Date(new Date(at).getTime() - HOUR));
      await svc.service.scheduler.runTick(clock.set(at));
    }
    expect(fakes.graph.textsTo('psid-early')).toHaveLength(1);
  });
});
