import { beforeAll, describe, expect, it } from 'vitest';
import { cancelSignup, signUp } from '../../src/reminders/conferences.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, type TestService } from '../helpers/service.ts';
import { fakePlatforms, personWrote, seedContact, startSchedulerService, testClock } from '../helpers/scheduler.ts';

const conn = await openTestDb();
const fakes = await fakePlatforms();
const clock = testClock('2026-12-01T02:00:00Z');
fakes.graph.now = () => clock.now().getTime();
fakes.zalo.now = () => clock.now().getTime();
let svc: TestService;

beforeAll(async () => {
  svc = await startSchedulerService(conn, fakes, clock);
});

async function createConference(startsAt: string, title = 'Hội nghị tư vấn đi Hàn Quốc') {
  const res = await api(svc.base, 'POST', '/api/conferences', {
    title: { vi: title, en: 'Korea information day' },
    startsAt,
    place: { vi: 'Nhà văn hoá xã Bắc Sơn', en: 'Bắc Sơn commune hall' },
    communeId: 'bac_son',
    markets: ['korea'],
  });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

/** Ticks at `at` with the person having written an hour before (their window open). */
async function tickAt(at: string, contacts: string[] = []) {
  const now = clock.set(at);
  for (const c of contacts) await personWrote(conn, fakes, c, new Date(now.getTime() - 3_600_000));
  return svc.service.scheduler.runTick(now);
}

describe('conference reminders', () => {
  it('fire at 3 days before, 1 day before and 07:00 on the day, Vietnam time, each once', async () => {
    const contact = await seedContact(conn, 'messenger', 'psid-offsets', clock.now());
    // 09:00 in Vietnam on 10 December.
    const conferenceId = await createConference('2026-12-10T09:00:00+07:00');
    expect((await signUp(svc.service.ctx, conferenceId, contact, clock.now())).status).toBe('signed_up');
    expect((await signUp(svc.service.ctx, conferenceId, contact, clock.now())).status).toBe('already');

    await tickAt('2026-12-07T01:59:00Z', [contact]);
    expect(fakes.graph.textsTo('psid-offsets')).toHaveLength(0);
    await tickAt('2026-12-07T02:00:00Z', [contact]); // 09:00 +07, three days before
    await tickAt('2026-12-07T02:01:00Z', [contact]);
    const first = fakes.graph.textsTo('psid-offsets');
    expect(first).toHaveLength(1);
    expect(first[0]).toContain('10/12/2026 09:00');
    expect(first[0]).toContain('Nhà văn hoá xã Bắc Sơn');
    const sentFirst = fakes.graph.sent.find((s) => s.recipientId === 'psid-offsets');
    expect(sentFirst?.message.quick_replies?.map((q) => q.title)).toContain('Huỷ đăng ký');

    await tickAt('2026-12-09T01:59:00Z', [contact]);
    expect(fakes.graph.textsTo('psid-offsets')).toHaveLength(1);
    await tickAt('2026-12-09T02:00:00Z', [contact]); // one day before
    expect(fakes.graph.textsTo('psid-offsets')).toHaveLength(2);
    await tickAt('2026-12-09T23:59:00Z', [contact]); // 06:59 on the day
    expect(fakes.graph.textsTo('psid-offsets')).toHaveLength(2);
    await tickAt('2026-12-10T00:00:00Z', [contact]); // 07:00 on the day
    await tickAt('2026-12-10T00:30:00Z', [contact]);
    expect(fakes.graph.textsTo('psid-offsets')).toHaveLength(3);
    const rows = await Deliveries(conn).find({ subjectId: conferenceId }).lean();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    const metrics = await (await fetch(`${svc.base}/metrics`)).text();
    expect(metrics).toContain('scheduler_delivery_outcomes_total{kind="conference_reminder",outcome="sent"} 3');
  });

  it('a cancelled conference sends one cancellation and no further reminders', async () => {
    clock.set('2026-12-01T02:00:00Z');
    const a = await seedContact(conn, 'messenger', 'psid-cancel-a', clock.now());
    const b = await seedContact(conn, 'zalo', 'zalo-cancel-b', clock.now());
    const conferenceId = await createConference('2026-12-12T14:00:00+07:00', 'Hội nghị thị trường Nhật Bản');
    await signUp(svc.service.ctx, conferenceId, a, clock.now());
    await signUp(svc.service.ctx, conferenceId, b, clock.now());

    const cancel = await api(svc.base, 'POST', `/api/conferences/${conferenceId}/cancel`, { note: 'hội trường hỏng' });
    expect(cancel.status).toBe(200);
    expect(cancel.json.status).toBe('cancelled');
    expect((await api(svc.base, 'POST', `/api/conferences/${conferenceId}/cancel`)).status).toBe(409);

    await tickAt('2026-12-01T03:00:00Z', [a, b]);
    await tickAt('2026-12-01T03:01:00Z', [a, b]);
    for (const at of ['2026-12-09T07:00:00Z', '2026-12-11T07:00:00Z', '2026-12-12T00:00:00Z', '2026-12-12T06:00:00Z']) await tickAt(at, [a, b]);

    const toA = fakes.graph.textsTo('psid-cancel-a');
    const toB = fakes.zalo.textsTo('zalo-cancel-b');
    expect(toA).toHaveLength(1);
    expect(toB).toHaveLength(1);
    expect(toA[0]).toContain('đã bị huỷ');
    expect(toB[0]).toContain('Hội nghị thị trường Nhật Bản');
    const counts = await api(svc.base, 'GET', `/api/conferences/${conferenceId}/signups`);
    expect(counts.json).toMatchObject({ signedUp: 2, notices: { sent: 2 }, reminders: { pending: 0, sent: 0, cancelled: 6 } });
  });

  it('a changed time notifies once and the reminders follow the new time', async () => {
    clock.set('2026-12-01T02:00:00Z');
    const c = await seedContact(conn, 'zalo', 'zalo-change', clock.now());
    const conferenceId = await createConference('2026-12-15T08:00:00+07:00', 'Hội nghị vay vốn');
    await signUp(svc.service.ctx, conferenceId, c, clock.now());
    const patch = await api(svc.base, 'PATCH', `/api/conferences/${conferenceId}`, { startsAt: '2026-12-16T08:00:00+07:00' });
    expect(patch.status).toBe(200);
    expect(patch.json.version).toBe(2);
    // Editing only the description: no second notice.
    expect((await api(svc.base, 'PATCH', `/api/conferences/${conferenceId}`, { description: { vi: 'Mang CCCD' } })).status).toBe(200);
    await tickAt('2026-12-01T04:00:00Z', [c]);
    const after = fakes.zalo.textsTo('zalo-change');
    expect(after).toHaveLength(1);
    expect(after[0]).toContain('16/12/2026 08:00');
    await tickAt('2026-12-12T01:00:00Z', [c]); // the old "3 days before"
    expect(fakes.zalo.textsTo('zalo-change')).toHaveLength(1);
    await tickAt('2026-12-13T01:00:00Z', [c]); // the new one
    expect(fakes.zalo.textsTo('zalo-change')).toHaveLength(2);
    expect(fakes.zalo.textsTo('zalo-change')[1]).toContain('16/12/2026 08:00');
  });

  it('a person who opted out gets nothing, even for reminders enqueued before', async () => {
    clock.set('2026-12-01T02:00:00Z');
    const c = await seedContact(conn, 'zalo', 'zalo-optout', clock.now());
    const conferenceId = await createConference('2026-12-20T09:00:00+07:00');
    await signUp(svc.service.ctx, conferenceId, c, clock.now());
    await Contacts(conn).updateOne({ _id: c }, { $set: { 'optOut.reminders': true } });
    await tickAt('2026-12-17T02:00:00Z', [c]);
    expect(fakes.zalo.textsTo('zalo-optout')).toHaveLength(0);
    const row = await Deliveries(conn).findOne({ subjectId: conferenceId, occurrence: 'd3.v1' }).lean();
    expect(row?.status).toBe('opted_out');
  });

  it('someone who cancels and signs up again gets the reminders again, once each', async () => {
    clock.set('2026-12-01T02:00:00Z');
    const contact = await seedContact(conn, 'messenger', 'psid-again', clock.now());
    const conferenceId = await createConference('2026-12-20T09:00:00+07:00', 'Hội nghị đi Nhật Bản');
    await signUp(svc.service.ctx, conferenceId, contact, clock.now());
    await cancelSignup(svc.service.ctx, conferenceId, contact, clock.now());
    expect((await signUp(svc.service.ctx, conferenceId, contact, clock.now())).status).toBe('signed_up');
    await tickAt('2026-12-17T02:00:00Z', [contact]); // three days before
    await tickAt('2026-12-17T02:01:00Z', [contact]);
    expect(fakes.graph.textsTo('psid-again')).toHaveLength(1);
    await tickAt('2026-12-19T02:00:00Z', [contact]); // one day before
    expect(fakes.graph.textsTo('psid-again')).toHaveLength(2);
  });
});
