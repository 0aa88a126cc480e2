import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { findFaq, loadContent } from '../../src/content/index.ts';
import { parseConfig } from '../../src/core/config.ts';
import { createLogger } from '../../src/core/log.ts';
import { createService } from '../../src/service.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/service.ts';
import { staffToken, testClock } from '../helpers/console-fixtures.ts';

const content = loadContent();
const clock = testClock('2026-12-04T03:00:00Z');

describe('GET /api/content-reviews: dated content due for review', () => {
  let svc: TestService;
  let staff: string;
  let conn: Connection;

  beforeAll(async () => {
    conn = await openTestDb();
    svc = await startTestService(conn, { clock });
    staff = await staffToken(svc.base);
  });

  it('lists what falls due within 60 days by its question, soonest first', async () => {
    const res = await api(svc.base, 'GET', '/api/content-reviews', undefined, staff);
    expect(res.status).toBe(200);
    const body = res.json as { today: string; withinDays: number; items: { kind: string; id: string; name: { vi: string }; reviewBy: string; overdue: boolean }[] };
    expect(body).toMatchObject({ today: '2026-12-04', withinDays: 60 });
    const pay = body.items.find((i) => i.id === 'markets.japan.pay')!;
    expect(pay).toMatchObject({ kind: 'faq', reviewBy: '2026-12-31', overdue: false });
    expect(pay.name.vi).toBe(findFaq(content, 'markets.japan.pay')!.question.vi);
    expect(body.items.map((i) => i.reviewBy)).toEqual([...body.items.map((i) => i.reviewBy)].sort());
    expect((await api(svc.base, 'GET', '/api/content-reviews?withinDays=0', undefined, staff)).json.items).toEqual([]);
    expect((await api(svc.base, 'GET', '/api/content-reviews?withinDays=-1', undefined, staff)).status).toBe(400);
    expect((await api(svc.base, 'GET', '/api/content-reviews', undefined, 'wrong-token-wrong-token')).status).toBe(401);
  });

  it('marks entries past their day as overdue', async () => {
    clock.set('2027-01-02T03:00:00Z');
    const res = await api(svc.base, 'GET', '/api/content-reviews?withinDays=0', undefined, staff);
    const items = res.json.items as { id: string; overdue: boolean }[];
    expect(items.find((i) => i.id === 'markets.korea.pay')).toMatchObject({ overdue: true });
    clock.set('2026-12-04T03:00:00Z');
  });

  it('logs one start-up warning naming the local contacts staff have not filled in, without values', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const service = createService({ config: parseConfig({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, SCHEDULER_ENABLED: 'false' }), conn, log: createLogger('info', sink), clock });
    await service.start();
    await service.stop();
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string; missing?: string[] }).filter((l) => l.level === 40 && /local contacts/.test(l.msg));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.missing).toEqual(expect.arrayContaining(['officePhone', 'localContacts.vbsp.name', 'localContacts.employment_centre.phone']));
    expect(warnings[0]!.msg).toMatch(/commune People's Committee/);
  });
});
