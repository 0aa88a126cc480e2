import type { Connection } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { materialiseBroadcast } from '../../src/broadcasts/materialise.ts';
import { Broadcasts } from '../../src/broadcasts/model.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { ConferenceSignups, Conferences } from '../../src/domain/conferences.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { api, type TestService } from '../helpers/service.ts';
import { seedContacts, staffToken, startWithFakeMessenger, testClock } from '../helpers/console-fixtures.ts';

const clock = testClock();
const HOUR = 3600_000;
const recent = new Date(clock.now().getTime() - 2 * HOUR);
const eightDaysAgo = new Date(clock.now().getTime() - 8 * 24 * HOUR);

async function seedLead(conn: Connection, phoneKey: string, communeId: string, markets: string[], contactIds: string[]) {
  const now = clock.now();
  await Leads(conn).create({
    phoneKey,
    fullName: 'Test Person',
    birthYear: 1998,
    communeId,
    markets,
    education: 'upper_secondary',
    hasPassport: false,
    wantsLoan: false,
    contactIds,
    consent: { version: 'v1', at: now, channel: 'messenger' },
    status: 'new',
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
    createdYear: 2026,
    createdMonth: '2026-11',
  });
}

describe('broadcasts API', () => {
  let conn: Connection;
  let svc: TestService;
  let graph: FakeGraph;
  let staff: string;
  let conferenceId: string;

  beforeAll(async () => {
    conn = await openTestDb();
    ({ svc, graph } = await startWithFakeMessenger(conn, clock, { worker: { ratePerSecond: { messenger: 1000 } } }));
    staff = await staffToken(svc.base);
    await seedContacts(conn, [
      { id: 'm1', lastInboundAt: recent },
      { id: 'm2', lastInboundAt: recent },
      { id: 'm3', lastInboundAt: recent },
      { id: 'm4', lastInboundAt: recent },
      { id: 'm5', lastInboundAt: recent, language: 'en' },
      { id: 'm6', lastInboundAt: eightDaysAgo },
      { id: 'm7', lastInboundAt: recent, optOutBroadcasts: true },
      { id: 'm8', lastInboundAt: recent, unreachable: true },
      { id: 'z1', channel: 'zalo', lastInboundAt: recent },
    ]);
    graph.userWrote('m6', eightDaysAgo.getTime());
    await seedLead(conn, '84912345601', 'vu_lang', ['japan'], ['messenger:m1', 'zalo:z1']);
    await seedLead(conn, '84912345602', 'bac_son', ['china_chongzuo'], ['messenger:m2']);
    const conf = await Conferences(conn).create({
      title: { vi: 'Hội nghị tuyển lao động Sùng Tả' },
      startsAt: new Date(clock.now().getTime() + 5 * 24 * HOUR),
      place: { vi: 'UBND xã Vũ Lăng' },
      communeId: 'vu_lang',
      markets: ['china_chongzuo'],
      year: 2026,
    });
    conferenceId = String(conf._id);
    await ConferenceSignups(conn).create({ conferenceId, contactId: 'messenger:m3', status: 'signed_up', at: clock.now() });
    await ConferenceSignups(conn).create({ conferenceId, contactId: 'messenger:m4', status: 'cancelled', at: clock.now() });
  });

  it('answers 401 on every route without a valid token', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/broadcasts'],
      ['POST', '/api/broadcasts', { text: { vi: 'x' } }],
      ['POST', '/api/broadcasts/preview', { audience: {} }],
      ['GET', '/api/broadcasts/0123456789abcdef01234567'],
      ['POST', '/api/broadcasts/0123456789abcdef01234567/cancel', {}],
    ];
    for (const [method, path, body] of routes) {
      expect((await api(svc.base, method, path, body, 'not-a-valid-token-at-all')).status, `${method} ${path}`).toBe(401);
    }
    expect(await Broadcasts(conn).countDocuments()).toBe(0);
  });

  it('refuses bad input with 400 naming the field, and stores nothing', async () => {
    const bad: [unknown, string][] = [
      [{ text: { vi: '' } }, 'text.vi'],
      [{ text: { vi: 'Thông báo' }, audience: { planets: ['mars'] } }, 'audience'],
      [{ text: { vi: 'Thông báo' }, audience: { markets: ['atlantis'] } }, 'audience.markets.0'],
      [{ text: { vi: 'Thông báo' }, audience: { channels: ['fax'] } }, 'audience.channels.0'],
      [{ text: { vi: 'Thông báo' }, sendAt: 'tomorrow' }, 'sendAt'],
      [{ text: { vi: 'Thông báo' }, sendAt: '2020-01-01T00:00:00Z' }, 'sendAt'],
      [{ text: { vi: 'Thông báo' }, audience: { conferenceId: 'abc' } }, 'audience.conferenceId'],
      [{ text: { vi: 'Thông báo' }, audience: { conferenceId: '0123456789abcdef01234567' } }, 'audience.conferenceId'],
    ];
    for (const [body, path] of bad) {
      const res = await api(svc.base, 'POST', '/api/broadcasts', body, staff);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error!.fields!.map((f) => f.path)).toContain(path);
    }
    const preview = await api(svc.base, 'POST', '/api/broadcasts/preview', { audience: { languages: ['fr'] } }, staff);
    expect(preview.status).toBe(400);
    expect(await Broadcasts(conn).countDocuments()).toBe(0);
    expect(await Deliveries(conn).countDocuments()).toBe(0);
  });

  it('answers 404 for unknown and malformed broadcast ids', async () => {
    expect((await api(svc.base, 'GET', '/api/broadcasts/0123456789abcdef01234567', undefined, staff)).status).toBe(404);
    expect((await api(svc.base, 'GET', '/api/broadcasts/not-an-id', undefined, staff)).status).toBe(404);
    expect((await api(svc.base, 'POST', '/api/broadcasts/0123456789abcdef01234567/cancel', {}, staff)).status).toBe(404);
  });

  it('previews the reach of each kind of audience and who is outside every messaging window', async () => {
    const preview = async (audience: object) => {
      const res = await api(svc.base, 'POST', '/api/broadcasts/preview', { audience }, staff);
      expect(res.status).toBe(200);
      return res.json as { reach: number; outsideWindowNow: number; excluded: { optedOut: number; unreachable: number } };
    };
    // Everyone: m1–m6 and z1; m6 wrote 8 days ago (Messenger's 24 h window is closed) and Zalo is off here.
    expect(await preview({})).toMatchObject({ reach: 7, outsideWindowNow: 2, excluded: { optedOut: 1, unreachable: 1 } });
    expect(await preview({ communes: ['vu_lang'] })).toMatchObject({ reach: 2, outsideWindowNow: 1 });
    expect(await preview({ markets: ['china_chongzuo'] })).toMatchObject({ reach: 1, outsideWindowNow: 0 });
    expect(await preview({ conferenceId })).toMatchObject({ reach: 1 });
    // Zalo is off in this service: the preview says so, so staff do not wait for messages that cannot go.
    expect(await preview({ channels: ['zalo'] })).toMatchObject({ reach: 1, outsideWindowNow: 1, channelOff: { zalo: 1 } });
    expect(await preview({ channels: ['messenger'] })).toMatchObject({ channelOff: {} });
    expect(await preview({ languages: ['en'] })).toMatchObject({ reach: 1, outsideWindowNow: 0 });
    expect(await preview({ communes: ['vu_lang'], channels: ['messenger'] })).toMatchObject({ reach: 1 });
  });

  it('sends a notice to everyone once, in their language, and reports the outcome', async () => {
    const created = await api(svc.base, 'POST', '/api/broadcasts', { text: { vi: 'Tuyển 50 lao động thời vụ Sùng Tả', en: 'Hiring 50 seasonal workers for Chongzuo' } }, staff);
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    await waitFor(async () => (await Broadcasts(conn).findById(id).lean())?.materialisedAt, 10_000);

    clock.advance(60_000);
    await svc.service.scheduler.runTick(clock.now());

    const texts = graph.sent.map((s) => [s.recipientId, s.message.text]);
    expect(texts.sort()).toEqual([
      ['m1', 'Tuyển 50 lao động thời vụ Sùng Tả'],
      ['m2', 'Tuyển 50 lao động thời vụ Sùng Tả'],
      ['m3', 'Tuyển 50 lao động thời vụ Sùng Tả'],
      ['m4', 'Tuyển 50 lao động thời vụ Sùng Tả'],
      ['m5', 'Hiring 50 seasonal workers for Chongzuo'],
    ]);
    // Each message carries its send claim as a tag, so its echo can settle a send a crash interrupted.
    expect(graph.sent.map((s) => s.message.metadata)).toEqual(graph.sent.map(() => expect.stringMatching(new RegExp(`^bot-send:broadcast:${id}:messenger:m\\d:[^#]+#1/0$`))));

    const report = await api(svc.base, 'GET', `/api/broadcasts/${id}`, undefined, staff);
    expect(report.status).toBe(200);
    expect(report.json).toMatchObject({
      state: 'done',
      audienceSize: 7,
      excluded: { optedOut: 1, unreachable: 1 },
      progress: { sent: 5, window_closed: 1, failed: 1, pending: 0 },
    });
    expect((report.json.failures as { reason: string }[])[0]!.reason).toMatch(/zalo/);

    // Expanding again and ticking again changes nothing: each person gets it at most once.
    await materialiseBroadcast(conn, id, clock.now());
    await Broadcasts(conn).updateOne({ _id: id }, { $set: { materialisedAt: null } });
    expect(await materialiseBroadcast(conn, id, clock.now())).toBe('done');
    clock.advance(60_000);
    await svc.service.scheduler.runTick(clock.now());
    expect(graph.sent).toHaveLength(5);
    expect(await Deliveries(conn).countDocuments({ subjectId: id })).toBe(7);

    const list = await api(svc.base, 'GET', '/api/broadcasts', undefined, staff);
    expect((list.json.items as { id: string }[]).map((b) => b.id)).toContain(id);
    const audit = await api(svc.base, 'GET', '/api/audit?action=broadcast.create', undefined, staff);
    expect((audit.json.items as { target: string }[]).map((a) => a.target)).toContain(`broadcast:${id}`);

    expect((await api(svc.base, 'POST', `/api/broadcasts/${id}/cancel`, {}, staff)).status).toBe(409);
  });

  it('schedules a notice for later, and a cancelled one is never sent', async () => {
    const sendAt = new Date(clock.now().getTime() + 2 * HOUR).toISOString();
    const created = await api(svc.base, 'POST', '/api/broadcasts', { text: { vi: 'Lịch họp thay đổi' }, audience: { conferenceId }, sendAt }, staff);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ state: 'scheduled', sendAt });
    const id = created.json.id as string;

    const cancelled = await api(svc.base, 'POST', `/api/broadcasts/${id}/cancel`, {}, staff);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.state).toBe('cancelled');
    expect((await api(svc.base, 'POST', `/api/broadcasts/${id}/cancel`, {}, staff)).json.state).toBe('cancelled');

    const before = graph.sent.length;
    clock.advance(3 * HOUR);
    await svc.service.scheduler.runTick(clock.now());
    expect(graph.sent.length).toBe(before);
    expect(await Deliveries(conn).countDocuments({ subjectId: id })).toBe(0);

    const audit = await api(svc.base, 'GET', '/api/audit?action=broadcast.cancel', undefined, staff);
    expect((audit.json.items as { target: string }[]).map((a) => a.target)).toEqual([`broadcast:${id}`]);
  });

  it('sends a scheduled notice when its time comes', async () => {
    const sendAt = new Date(clock.now().getTime() + HOUR).toISOString();
    const created = await api(svc.base, 'POST', '/api/broadcasts', { text: { vi: 'Hội nghị ngày mai' }, audience: { markets: ['china_chongzuo'] }, sendAt }, staff);
    const id = created.json.id as string;
    clock.advance(30 * 60_000);
    await svc.service.scheduler.runTick(clock.now());
    expect(graph.textsTo('m2')).not.toContain('Hội nghị ngày mai');
    clock.advance(31 * 60_000);
    await svc.service.scheduler.runTick(clock.now());
    expect(graph.textsTo('m2')).toContain('Hội nghị ngày mai');
    expect((await api(svc.base, 'GET', `/api/broadcasts/${id}`, undefined, staff)).json).toMatchObject({ state: 'done', progress: { sent: 1 } });
  });
});
