import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Broadcasts } from '../../src/broadcasts/model.ts';
import { Deliveries, enqueueDeliveries } from '../../src/outbox/deliveries.ts';
import { ConferenceSignups, Conferences } from '../../src/domain/conferences.ts';
import { Leads, type LeadStatus } from '../../src/domain/leads/model.ts';
import { Placements, placementStatuses } from '../../src/domain/placements/model.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService, type TestService } from '../helpers/service.ts';
import { staffToken, testClock } from '../helpers/console-fixtures.ts';

/**
 * A small district with known answers. Dates are chosen around the edges: a departure at
 * 2026-06-30 20:00 UTC is 1 July in Vietnam, so it belongs to the second half-year.
 */
const clock = testClock('2026-11-20T03:00:00Z');
const d = (iso: string) => new Date(iso);
let phone = 84912000000;

async function lead(conn: Connection, o: { created: string; communeId: string; markets: string[]; status: LeadStatus; departure?: { market: string; at: string } }) {
  const createdAt = d(o.created);
  const vnMonth = new Date(createdAt.getTime() + 7 * 3600_000).toISOString().slice(0, 7);
  await Leads(conn).create({
    phoneKey: String(++phone),
    fullName: 'Seeded Person',
    birthYear: 1995,
    communeId: o.communeId,
    markets: o.markets,
    education: 'lower_secondary',
    hasPassport: true,
    wantsLoan: false,
    contactIds: [],
    consent: { version: 'v1', at: createdAt, channel: 'zalo' },
    status: o.status,
    ...(o.departure ? { departure: { market: o.departure.market, at: d(o.departure.at), year: Number(o.departure.at.slice(0, 4)) } } : {}),
    createdAt,
    updatedAt: createdAt,
    lastActivityAt: createdAt,
    createdYear: Number(vnMonth.slice(0, 4)),
    createdMonth: vnMonth,
  });
}

async function placement(conn: Connection, contractEnd: string, status: (typeof placementStatuses)[number], returnedOnTime?: boolean) {
  await Placements(conn).create({
    country: 'KR',
    timeZone: 'Asia/Seoul',
    contractEnd: d(contractEnd),
    contractEndYear: Number(contractEnd.slice(0, 4)),
    registeredBy: 'staff',
    status,
    ...(returnedOnTime !== undefined ? { returnedOnTime, returnedAt: d(contractEnd) } : {}),
  });
}

async function broadcast(conn: Connection, created: string, outcomes: Record<string, number>, cancelled = false) {
  const createdAt = d(created);
  const b = await Broadcasts(conn).create({
    text: { vi: 'Thông báo' },
    audience: {},
    sendAt: createdAt,
    createdBy: 'seed',
    createdAt,
    year: createdAt.getUTCFullYear(),
    month: created.slice(0, 7),
    materialisedAt: createdAt,
    cancelledAt: cancelled ? createdAt : null,
  });
  let n = 0;
  for (const [status, count] of Object.entries(outcomes)) {
    for (let i = 0; i < count; i++) {
      const contactId = `zalo:u${++n}`;
      await enqueueDeliveries(conn, [{ kind: 'broadcast', subjectId: String(b._id), contactId, occurrence: '1', dueAt: createdAt, purpose: 'broadcast', text: { vi: 'Thông báo' } }]);
      await Deliveries(conn).updateOne({ _id: `broadcast:${String(b._id)}:${contactId}:1` }, { $set: { status } });
    }
  }
}

describe('GET /api/stats against a seeded district', () => {
  let svc: TestService;
  let staff: string;

  beforeAll(async () => {
    const conn = await openTestDb();
    svc = await startTestService(conn, { clock });
    staff = await staffToken(svc.base);
    // 2026 leads
    await lead(conn, { created: '2026-02-10T02:00:00Z', communeId: 'vu_lang', markets: ['china_chongzuo'], status: 'departed', departure: { market: 'china_chongzuo', at: '2026-03-05T02:00:00Z' } });
    await lead(conn, { created: '2026-03-01T02:00:00Z', communeId: 'vu_lang', markets: ['china_chongzuo', 'japan'], status: 'departed', departure: { market: 'china_chongzuo', at: '2026-07-10T02:00:00Z' } });
    await lead(conn, { created: '2026-05-20T02:00:00Z', communeId: 'bac_son', markets: ['japan'], status: 'returned', departure: { market: 'japan', at: '2026-06-30T20:00:00Z' } });
    await lead(conn, { created: '2026-08-01T02:00:00Z', communeId: 'bac_son', markets: ['korea'], status: 'new' });
    await lead(conn, { created: '2026-09-01T02:00:00Z', communeId: 'tan_tri', markets: ['taiwan'], status: 'withdrawn' });
    await lead(conn, { created: '2025-12-31T18:00:00Z', communeId: 'vu_lang', markets: ['europe'], status: 'training' });
    // 2025: two departures (the previous year)
    await lead(conn, { created: '2025-06-01T02:00:00Z', communeId: 'vu_lang', markets: ['china_chongzuo'], status: 'departed', departure: { market: 'china_chongzuo', at: '2025-07-01T03:00:00Z' } });
    await lead(conn, { created: '2025-05-01T02:00:00Z', communeId: 'tan_tri', markets: ['korea'], status: 'departed', departure: { market: 'korea', at: '2025-10-10T03:00:00Z' } });

    const held = await Conferences(conn).create({ title: { vi: 'Hội nghị 1' }, startsAt: d('2026-04-10T01:00:00Z'), place: { vi: 'Vũ Lăng' }, communeId: 'vu_lang', year: 2026 });
    await Conferences(conn).create({ title: { vi: 'Hội nghị 2' }, startsAt: d('2026-10-01T01:00:00Z'), place: { vi: 'Bắc Sơn' }, communeId: 'bac_son', status: 'cancelled', year: 2026 });
    await Conferences(conn).create({ title: { vi: 'Hội nghị 3' }, startsAt: d('2026-12-05T01:00:00Z'), place: { vi: 'Tân Tri' }, communeId: 'tan_tri', year: 2026 });
    await Conferences(conn).create({ title: { vi: 'Hội nghị 2025' }, startsAt: d('2025-04-10T01:00:00Z'), place: { vi: 'Vũ Lăng' }, communeId: 'vu_lang', year: 2025 });
    for (const [c, status] of [['zalo:a', 'signed_up'], ['zalo:b', 'signed_up'], ['zalo:c', 'cancelled']] as const) {
      await ConferenceSignups(conn).create({ conferenceId: String(held._id), contactId: c, status, at: d('2026-04-01T00:00:00Z') });
    }

    await placement(conn, '2026-03-01T00:00:00Z', 'returned', true);
    await placement(conn, '2026-05-01T00:00:00Z', 'returned', false);
    await placement(conn, '2026-09-01T00:00:00Z', 'overdue');
    await placement(conn, '2026-12-20T00:00:00Z', 'abroad');
    await placement(conn, '2026-08-15T00:00:00Z', 'extended');
    await placement(conn, '2027-02-01T00:00:00Z', 'abroad');

    await broadcast(conn, '2026-05-01T03:00:00Z', { sent: 3, failed: 1, window_closed: 1 });
    await broadcast(conn, '2026-09-01T03:00:00Z', { cancelled: 2 }, true);
    await broadcast(conn, '2025-09-01T03:00:00Z', { sent: 4 });
  });

  it('answers 401 without a token and 400 for a bad year, period or format', async () => {
    expect((await api(svc.base, 'GET', '/api/stats?year=2026', undefined, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await api(svc.base, 'GET', '/api/stats/report?year=2026&period=h1', undefined, 'wrong-token-wrong-token')).status).toBe(401);
    for (const q of ['year=twenty', 'year=1800', 'format=pdf']) {
      const res = await api(svc.base, 'GET', `/api/stats?${q}`, undefined, staff);
      expect(res.status, q).toBe(400);
    }
    const badPeriod = await api(svc.base, 'GET', '/api/stats/report?year=2026&period=q3', undefined, staff);
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.json.error!.fields!.map((f) => f.path)).toEqual(['period']);
  });

  it('reports the year: leads, departures against the targets, growth, conferences, return plans, broadcasts', async () => {
    const res = await api(svc.base, 'GET', '/api/stats?year=2026', undefined, staff);
    expect(res.status).toBe(200);
    const s = res.json as Record<string, Record<string, unknown>>;
    expect(s.leads).toEqual({
      total: 6,
      byStatus: { new: 1, contacted: 0, training: 1, departed: 2, returned: 1, withdrawn: 1 },
      byCommune: [
        { communeId: 'vu_lang', count: 3 },
        { communeId: 'bac_son', count: 2 },
        { communeId: 'tan_tri', count: 1 },
      ],
      byMarket: [
        { market: 'china_chongzuo', count: 2 },
        { market: 'japan', count: 2 },
        { market: 'europe', count: 1 },
        { market: 'korea', count: 1 },
        { market: 'taiwan', count: 1 },
      ],
      byMonth: [1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0],
      wantsLoan: 0,
    });
    expect(s.departures).toMatchObject({
      total: 3,
      byMarket: [
        { market: 'china_chongzuo', count: 2 },
        { market: 'japan', count: 1 },
      ],
      byCommune: [
        { communeId: 'vu_lang', count: 2 },
        { communeId: 'bac_son', count: 1 },
      ],
      byMonth: [0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0],
      previousPeriodTotal: 2,
      growth: 0.5,
      growthTarget: { min: 0.1, max: 0.15 },
      growthMet: true,
    });
    expect(s.departures!.targets).toEqual([
      expect.objectContaining({ id: 'chongzuo', yearlyTarget: 100, periodTarget: 100, actual: 2, progress: 0.02, met: false }),
      expect.objectContaining({ id: 'other_countries', yearlyTarget: 30, periodTarget: 30, actual: 1, progress: 0.033, met: false }),
    ]);
    expect(s.conferences).toEqual({ held: 1, upcoming: 1, cancelled: 1, signups: 2 });
    expect(s.placements).toEqual({ contractsEnding: 5, returned: 2, returnedOnTime: 1, overdue: 1, stillAbroad: 2 });
    expect(s.broadcasts).toEqual({ count: 2, cancelled: 1, deliveries: { pending: 0, sent: 3, failed: 1, window_closed: 1, opted_out: 0, cancelled: 2 } });
  });

  it('gives the half-year report (January–June, Vietnam time) against half the yearly targets', async () => {
    const res = await api(svc.base, 'GET', '/api/stats/report?year=2026&period=h1', undefined, staff);
    expect(res.status).toBe(200);
    const s = res.json as { months: string[]; leads: { total: number }; departures: Record<string, unknown> & { targets: unknown[] }; conferences: unknown; placements: unknown };
    expect(s.months).toHaveLength(6);
    expect(s.leads.total).toBe(4);
    // 30 June 20:00 UTC is 1 July in Vietnam: not in the first half-year.
    expect(s.departures).toMatchObject({ total: 1, previousPeriodTotal: 0, growth: null, growthMet: null, byMonth: [0, 0, 1, 0, 0, 0] });
    expect(s.departures.targets).toEqual([
      expect.objectContaining({ id: 'chongzuo', periodTarget: 50, actual: 1 }),
      expect.objectContaining({ id: 'other_countries', periodTarget: 15, actual: 0 }),
    ]);
    expect(s.conferences).toEqual({ held: 1, upcoming: 0, cancelled: 0, signups: 2 });
    expect(s.placements).toEqual({ contractsEnding: 2, returned: 2, returnedOnTime: 1, overdue: 0, stillAbroad: 0 });
  });

  it('exports the same figures as CSV with a BOM, and records the export', async () => {
    const res = await fetch(`${svc.base}/api/stats?year=2026&format=csv`, { headers: { authorization: `Bearer ${staff}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    // A report laid out like the plan's tables, in Vietnamese, with Vietnam dates and no codes.
    expect(lines[0]).toMatch(/^BÁO CÁO KẾT QUẢ ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI.*NĂM 2026$/);
    expect(lines).toEqual(expect.arrayContaining(['Kỳ báo cáo,năm 2026', 'Số liệu tính từ ngày,01/01/2026', 'Chỉ tiêu,Kế hoạch năm,Kế hoạch kỳ,Thực hiện,Tỷ lệ,Đánh giá']));
    expect(lines).toEqual(expect.arrayContaining(['Tổng số người đăng ký mới,6', 'Tổng số lao động xuất cảnh trong kỳ,,,3', 'Về nước đúng hạn,1', 'Tin ngoài thời hạn nhắn tin (cần gọi điện),1']));
    expect(lines.find((l) => l.startsWith('Tăng trưởng'))).toMatch(/,50%,,Đạt$/);
    expect(lines).toEqual(expect.arrayContaining(['Xã Vũ Lăng,3,2', 'Xã Bắc Sơn,2,1', 'Sùng Tả (TQ),2', 'Người đăng ký có nhu cầu vay vốn,0']));
    expect(lines.join('\n')).not.toMatch(/bac_son|vu_lang|china_chongzuo|T\d\d:\d\d|section,key/);
    const audit = await api(svc.base, 'GET', '/api/audit?action=stats.export', undefined, staff);
    expect((audit.json.items as { target: string }[]).map((a) => a.target)).toEqual(['stats:2026:year']);
  });

  it('gives the report as an Excel file that unzips cleanly with the Vietnamese intact', async () => {
    const res = await fetch(`${svc.base}/api/stats/report?year=2026&period=year&format=xlsx`, { headers: { authorization: `Bearer ${staff}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-bac-son-2026-ca-nam.xlsx"');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'report-')), 'report.xlsx');
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    // unzip checks every part's CRC: a broken archive fails here.
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const listing = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listing).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    const rows = [...sheet.matchAll(/<row r="\d+">(.*?)<\/row>/g)].map((m) => [...m[1]!.matchAll(/<t xml:space="preserve">(.*?)<\/t>|<v>(.*?)<\/v>/g)].map((c) => c[1] ?? Number(c[2])));
    expect(rows[0]![0]).toMatch(/^BÁO CÁO KẾT QUẢ ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI/);
    expect(rows).toEqual(expect.arrayContaining([['Xã Vũ Lăng', 3, 2], ['Tổng số người đăng ký mới', 6], ['Số liệu tính từ ngày', '01/01/2026']]));
    // Headings are bold (style 1); numbers are numbers, not text.
    expect(sheet).toMatch(/<c r="A1" s="1" t="inlineStr">/);
    expect(execFileSync('unzip', ['-p', file, 'xl/workbook.xml'], { encoding: 'utf8' })).toContain('<sheet name="Năm 2026"');
  });

  it('defaults to the current year in Vietnam time', async () => {
    const res = await api(svc.base, 'GET', '/api/stats', undefined, staff);
    expect(res.json).toMatchObject({ year: 2026, period: 'year', leads: { total: 6 } });
  });
});
