import { beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../../src/reminders/conferences.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService, type TestService } from '../helpers/service.ts';
import { testClock } from '../helpers/scheduler.ts';

const conn = await openTestDb();
const clock = testClock('2026-11-24T03:00:00Z');
let svc: TestService;
let staffToken: string;

const validConference = {
  title: { vi: 'Hội nghị tư vấn xuất khẩu lao động', en: 'Work-abroad information day' },
  startsAt: '2026-12-15T08:30:00+07:00',
  place: { vi: 'Hội trường UBND xã Bắc Sơn' },
  communeId: 'bac_son',
  markets: ['japan', 'korea'],
  description: { vi: 'Mang theo CCCD.' },
};
const consent = { version: 'staff-v1', at: '2026-11-20T00:00:00Z', channel: 'phone' };

beforeAll(async () => {
  svc = await startTestService(conn, { clock });
  const created = await api(svc.base, 'POST', '/api/tokens', { name: 'Cán bộ xã', role: 'staff' });
  staffToken = created.json.token as string;
  const at = clock.now();
  await Contacts(conn).create({ _id: 'zalo:abroad-1', channel: 'zalo', userId: 'abroad-1', firstInboundAt: at, lastInboundAt: at, optOut: { nudges: true } });
  await Contacts(conn).create({ _id: 'zalo:abroad-2', channel: 'zalo', userId: 'abroad-2', firstInboundAt: at, lastInboundAt: at });
});

describe('conferences API', () => {
  it('refuses calls without a valid token (401) and staff may not cancel (403)', async () => {
    expect((await fetch(`${svc.base}/api/conferences`)).status).toBe(401);
    expect((await api(svc.base, 'POST', '/api/conferences', validConference, 'not-a-token')).status).toBe(401);
    const created = await api(svc.base, 'POST', '/api/conferences', validConference, staffToken);
    expect(created.status).toBe(201);
    expect((await api(svc.base, 'POST', `/api/conferences/${String(created.json.id)}/cancel`, undefined, staffToken)).status).toBe(403);
  });

  it('names the bad fields (400) and changes nothing', async () => {
    const before = (await api(svc.base, 'GET', '/api/conferences')).json.items as unknown[];
    const bad = await api(svc.base, 'POST', '/api/conferences', { ...validConference, title: { vi: '' }, startsAt: 'next tuesday', markets: ['mars'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.fields!.map((f) => f.path).sort()).toEqual(['markets.0', 'startsAt', 'title.vi']);
    const past = await api(svc.base, 'POST', '/api/conferences', { ...validConference, startsAt: '2026-01-01T08:00:00+07:00' });
    expect(past.status).toBe(400);
    expect(past.json.error!.fields!.map((f) => f.path)).toEqual(['startsAt']);
    expect((await api(svc.base, 'GET', '/api/conferences')).json.items).toHaveLength(before.length);
    const created = await api(svc.base, 'POST', '/api/conferences', validConference);
    const r1 = await api(svc.base, 'GET', '/api/conferences?status=maybe');
    const r2 = await api(svc.base, 'PATCH', `/api/conferences/${String(created.json.id)}`, {});
    const r3 = await api(svc.base, 'PATCH', `/api/conferences/${String(created.json.id)}`, { colour: 'red' });
    expect([r1.status, r2.status, r3.status]).toEqual([400, 400, 400]);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await api(svc.base, 'GET', '/api/conferences/0123456789abcdef01234567')).status).toBe(404);
    expect((await api(svc.base, 'GET', '/api/conferences/nope')).status).toBe(404);
    expect((await api(svc.base, 'PATCH', '/api/conferences/0123456789abcdef01234567', { communeId: 'vu_lang' })).status).toBe(404);
    expect((await api(svc.base, 'POST', '/api/conferences/0123456789abcdef01234567/cancel')).status).toBe(404);
    expect((await api(svc.base, 'GET', '/api/conferences/0123456789abcdef01234567/signups')).status).toBe(404);
  });

  it('creates, lists, reads, changes and reports sign-ups, with an audit entry for each change', async () => {
    const created = await api(svc.base, 'POST', '/api/conferences', { ...validConference, communeId: 'vu_lang' }, staffToken);
    const id = String(created.json.id);
    expect(created.json).toMatchObject({ status: 'scheduled', version: 1, startsAt: '2026-12-15T01:30:00.000Z', title: validConference.title });
    await signUp(svc.service.ctx, id, 'zalo:abroad-2', clock.now());
    const got = await api(svc.base, 'GET', `/api/conferences/${id}`, undefined, staffToken);
    expect(got.json).toMatchObject({ id, signedUp: 1 });
    const listed = await api(svc.base, 'GET', '/api/conferences?communeId=vu_lang');
    expect((listed.json.items as { id: string }[]).map((c) => c.id)).toEqual([id]);
    const moved = await api(svc.base, 'PATCH', `/api/conferences/${id}`, { place: { vi: 'Nhà văn hoá thôn Quán Hấu' } }, staffToken);
    expect(moved.json).toMatchObject({ version: 2, place: { vi: 'Nhà văn hoá thôn Quán Hấu' }, markets: ['japan', 'korea'] });
    const report = await api(svc.base, 'GET', `/api/conferences/${id}/signups`, undefined, staffToken);
    expect(report.json).toMatchObject({ signedUp: 1, cancelled: 0, contactIds: ['zalo:abroad-2'], notices: { pending: 1 }, reminders: { pending: 3, cancelled: 3 } });
    const audit = await api(svc.base, 'GET', '/api/audit?action=conference.update');
    expect(JSON.stringify(audit.json)).toContain(id);
    const cancelled = await api(svc.base, 'POST', `/api/conferences/${id}/cancel`);
    expect(cancelled.json).toMatchObject({ status: 'cancelled', version: 3 });
    expect((await api(svc.base, 'PATCH', `/api/conferences/${id}`, { communeId: 'bac_son' })).status).toBe(409);
    expect(await Deliveries(conn).countDocuments({ subjectId: id, kind: 'conference_reminder', status: 'pending' })).toBe(0);
  });
});

describe('placements API', () => {
  it('401 without a token, 403 for staff deleting, 400 for bad input, 404 for unknown ids', async () => {
    expect((await fetch(`${svc.base}/api/placements`)).status).toBe(401);
    const created = await api(svc.base, 'POST', '/api/placements', { contactId: 'zalo:abroad-2', country: 'TW', timeZone: 'Asia/Taipei', contractEnd: '2027-05-01', consent }, staffToken);
    expect(created.status).toBe(201);
    expect((await api(svc.base, 'DELETE', `/api/placements/${String(created.json.id)}`, undefined, staffToken)).status).toBe(403);
    const bad = await api(svc.base, 'POST', '/api/placements', { country: 'KR', timeZone: 'Mars/Olympus', contractEnd: '2027-02-30', consent });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.fields!.map((f) => f.path).sort()).toEqual(['contactId', 'contractEnd', 'timeZone']);
    const nobody = await api(svc.base, 'POST', '/api/placements', { country: 'KR', timeZone: 'Asia/Seoul', contractEnd: '2027-02-28', consent });
    expect(nobody.status).toBe(400);
    expect(nobody.json.error!.fields!.map((f) => f.path)).toEqual(['contactId']);
    const unknown = await api(svc.base, 'POST', '/api/placements', { contactId: 'zalo:ghost', country: 'KR', timeZone: 'Asia/Seoul', contractEnd: '2027-02-28', consent });
    expect(unknown.status).toBe(400);
    expect((await api(svc.base, 'GET', '/api/placements?endingWithinDays=-3')).status).toBe(400);
    expect((await api(svc.base, 'GET', '/api/placements/0123456789abcdef01234567')).status).toBe(404);
    expect((await api(svc.base, 'PATCH', '/api/placements/xyz', { city: 'Taichung' })).status).toBe(404);
    expect((await api(svc.base, 'DELETE', '/api/placements/0123456789abcdef01234567')).status).toBe(404);
  });

  it('plans the nudges, lists contracts ending soon with opt-outs shown, reschedules and deletes', async () => {
    const soon = await api(svc.base, 'POST', '/api/placements', { contactId: 'zalo:abroad-1', country: 'KR', city: 'Busan', timeZone: 'Asia/Seoul', contractEnd: '2027-01-20', consent });
    expect(soon.status).toBe(201);
    // On 24 November 2026 the 90- and 60-day nudges for 20 January 2027 are past: next is 30 days
    // before, 21 December 09:00 in Busan.
    expect(soon.json).toMatchObject({ status: 'abroad', nextNudgeAt: '2026-12-21T00:00:00.000Z' });
    const later = await api(svc.base, 'POST', '/api/placements', { contactId: 'zalo:abroad-2', country: 'JP', timeZone: 'Asia/Tokyo', contractEnd: '2028-01-01', consent });
    const ending = await api(svc.base, 'GET', '/api/placements?endingWithinDays=90', undefined, staffToken);
    const items = ending.json.items as { id: string; nudgesOff: boolean }[];
    expect(items.map((i) => i.id)).toContain(String(soon.json.id));
    expect(items.map((i) => i.id)).not.toContain(String(later.json.id));
    expect(items.find((i) => i.id === String(soon.json.id))?.nudgesOff).toBe(true);

    const extended = await api(svc.base, 'PATCH', `/api/placements/${String(soon.json.id)}`, { contractEnd: '2027-12-20' }, staffToken);
    expect(extended.json).toMatchObject({ status: 'extended', contractEnd: '2027-12-20', nextNudgeAt: '2027-09-21T00:00:00.000Z' });
    const detail = await api(svc.base, 'GET', `/api/placements/${String(soon.json.id)}`);
    expect(detail.json).toMatchObject({ city: 'Busan', nudges: { pending: 0 } });
    expect((await api(svc.base, 'DELETE', `/api/placements/${String(later.json.id)}`)).status).toBe(204);
    expect((await api(svc.base, 'GET', `/api/placements/${String(later.json.id)}`)).status).toBe(404);
  });
});

describe('deliveries API', () => {
  it('401 without a token, 400 for a bad filter, lists outcomes for staff', async () => {
    expect((await fetch(`${svc.base}/api/deliveries`)).status).toBe(401);
    const bad = await api(svc.base, 'GET', '/api/deliveries?status=lost&month=2026-13', undefined, staffToken);
    expect(bad.status).toBe(400);
    expect(bad.json.error!.fields!.map((f) => f.path).sort()).toEqual(['month', 'status']);
    const cancelled = await api(svc.base, 'GET', '/api/deliveries?kind=conference_reminder&status=cancelled', undefined, staffToken);
    expect(cancelled.status).toBe(200);
    const items = cancelled.json.items as { kind: string; status: string; contactId: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((d) => d.kind === 'conference_reminder' && d.status === 'cancelled')).toBe(true);
  });
});
