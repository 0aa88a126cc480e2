import type { Connection } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/stats/plan.ts';
import { computeStats } from '../../src/stats/report.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService, type TestService } from '../helpers/service.ts';
import { staffToken, testClock } from '../helpers/console-fixtures.ts';

/**
 * The half-year report is due before 15 June, so it cannot cover January–June: it counts to the
 * day it is made and says so; growth compares with the same span a year earlier. The plan's
 * targets are carried on after 2025, the growth baseline and the recipient are staff settings.
 */
const clock = testClock('2026-06-10T03:00:00Z');
let phone = 84913000000;

async function departure(conn: Connection, at: string, market = 'japan') {
  const createdAt = new Date('2025-01-05T02:00:00Z');
  await Leads(conn).create({
    phoneKey: String(++phone),
    fullName: 'Seeded Person',
    birthYear: 1995,
    communeId: 'vu_lang',
    markets: [market],
    education: 'lower_secondary',
    hasPassport: true,
    wantsLoan: false,
    contactIds: [],
    consent: { version: 'v1', at: createdAt, channel: 'zalo' },
    status: 'departed',
    departure: { market, at: new Date(at), year: Number(at.slice(0, 4)) },
    createdAt,
    updatedAt: createdAt,
    lastActivityAt: createdAt,
    createdYear: 2025,
    createdMonth: '2025-01',
  });
}

describe('the half-year report made before its due date', () => {
  let svc: TestService;
  let staff: string;
  let conn: Connection;

  beforeAll(async () => {
    conn = await openTestDb();
    svc = await startTestService(conn, { clock });
    staff = await staffToken(svc.base);
    await departure(conn, '2026-03-01T02:00:00Z');
    // 10 June 23:00 Vietnam time: the report's own day still counts.
    await departure(conn, '2026-06-10T16:00:00Z');
    // Recorded ahead (a planned flight): after the report day, not counted yet.
    await departure(conn, '2026-06-20T02:00:00Z');
    // A year earlier: one inside the same span (1/1–10/6/2025), one after it.
    await departure(conn, '2025-05-01T02:00:00Z');
    await departure(conn, '2025-06-25T02:00:00Z');
  });

  it('counts to the end of the day it is made, says so, and compares with the same span last year', async () => {
    const res = await api(svc.base, 'GET', '/api/stats/report?year=2026&period=h1', undefined, staff);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ period: 'h1', lastDayCounted: '2026-06-10', partial: true, dueBefore: '2026-06-15', countedTo: '2026-06-10T17:00:00.000Z' });
    expect(res.json.departures).toMatchObject({ total: 2, previousPeriodTotal: 1, growth: 1 });
  });

  it('covers the whole period once it is over, with the annual deadline', async () => {
    const res = await api(svc.base, 'GET', '/api/stats/report?year=2025&period=year', undefined, staff);
    expect(res.json).toMatchObject({ lastDayCounted: '2025-12-31', partial: false, dueBefore: '2025-12-15' });
    expect(res.json.departures).toMatchObject({ total: 2 });
  });

  it('says the 2023–2025 targets are carried on, and leaves the recipient to staff (the old district offices are gone)', async () => {
    const res = await api(svc.base, 'GET', '/api/stats/report?year=2026&period=h1', undefined, staff);
    const s = res.json as { plan: { targetYears: unknown; note: { vi: string; en: string } }; reportRecipient: unknown };
    expect(s.plan.targetYears).toEqual({ from: 2023, to: 2025, carriedUntil: 2030 });
    expect(s.plan.note.vi).toMatch(/2023–2025.*định hướng đến năm 2030/);
    expect(s.reportRecipient).toBeNull();
    const csv = await fetch(`${svc.base}/api/stats/report?year=2026&period=h1&format=csv`, { headers: { authorization: `Bearer ${staff}` } });
    const lines = (await csv.text()).split('\r\n');
    expect(lines).toEqual(expect.arrayContaining(['Đến hết ngày,10/06/2026 (ngày lập báo cáo; kỳ chưa kết thúc)', 'Hạn nộp,trước ngày 15/06/2026', 'Nơi nhận,(chưa đặt)']));
    expect(JSON.stringify(loadPlan())).not.toMatch(/Phòng Lao động|Sở LĐTB/);
  });

  it('sets the 10–15 % growth target from the baseline year staff enter, compounded per year', async () => {
    const plan = { ...loadPlan(), growthBaseline: { year: 2025, departures: 100, source: 'Sổ theo dõi của xã' }, reportRecipient: { vi: 'UBND tỉnh Lạng Sơn', en: 'Lạng Sơn PC' } };
    const year2026 = await computeStats(conn, plan, 2026, 'year', new Date('2026-12-20T03:00:00Z'));
    expect(year2026.departures.baseline).toEqual({ year: 2025, departures: 100, source: 'Sổ theo dõi của xã', targetMin: 110, targetMax: 115, actual: 3, met: false });
    expect(year2026.reportRecipient).toEqual({ vi: 'UBND tỉnh Lạng Sơn', en: 'Lạng Sơn PC' });
    const h1 = await computeStats(conn, plan, 2026, 'h1', new Date('2026-06-10T03:00:00Z'));
    expect(h1.departures.baseline).toMatchObject({ targetMin: 55, targetMax: 58 });
    const year2027 = await computeStats(conn, plan, 2027, 'year', new Date('2027-12-01T03:00:00Z'));
    expect(year2027.departures.baseline).toMatchObject({ targetMin: 121, targetMax: 133 });
    // No target for the base year itself, nor without a baseline.
    expect((await computeStats(conn, plan, 2025, 'year', new Date('2026-06-10T03:00:00Z'))).departures.baseline).toBeNull();
    expect((await computeStats(conn, loadPlan(), 2026, 'year', new Date('2026-06-10T03:00:00Z'))).departures.baseline).toBeNull();
  });
});
