import { describe, expect, it } from 'vitest';
import { registerLead } from '../../src/domain/leads/register.ts';
import { Erasures, Leads } from '../../src/domain/leads/model.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { startTestService } from '../helpers/service.ts';
import { consent, leadInput } from '../helpers/leads.ts';

describe('lead retention job', () => {
  it('runs once a day from the scheduler, in one copy only, and anonymises leads idle longer than LEAD_RETENTION_DAYS', async () => {
    const name = testDbName();
    const conn = await openTestDb(name);
    const env = { LEAD_RETENTION_DAYS: '30' };
    const a = await startTestService(conn, { env });
    const b = await startTestService(await openTestDb(name), { env });
    await registerLead(conn, { input: leadInput({ phoneKey: '84912000901' }), contactId: 'zalo:idle', consent: consent(), now: new Date('2026-09-01T03:00:00Z') });
    await registerLead(conn, { input: leadInput({ phoneKey: '84912000902' }), contactId: 'zalo:active', consent: consent(), now: new Date('2026-11-20T03:00:00Z') });

    // 02:00 in Vietnam: before the job's time, nothing happens.
    await a.service.scheduler.runTick(new Date('2026-11-23T19:00:00Z'));
    expect(await Leads(conn).countDocuments({ erasedAt: { $exists: true } })).toBe(0);

    // 03:20 in Vietnam: both copies tick, the job runs once.
    const [ra, rb] = await Promise.all([
      a.service.scheduler.runTick(new Date('2026-11-23T20:20:00Z')),
      b.service.scheduler.runTick(new Date('2026-11-23T20:21:00Z')),
    ]);
    expect(ra.ran && rb.ran).toBe(true);
    expect([ra.jobs['lead-retention'], rb.jobs['lead-retention']].filter((s) => s === 'ok')).toHaveLength(1);
    const idle = await Leads(conn).findOne({ contactIds: [], erasedAt: { $exists: true } }).lean();
    expect(idle).toMatchObject({ status: 'new', markets: ['japan', 'korea'] });
    expect(idle!.fullName).toBeUndefined();
    expect(await Leads(conn).countDocuments({ phoneKey: '84912000902', fullName: 'Nguyễn Thị Hoà' })).toBe(1);
    expect(await Erasures(conn).countDocuments({ source: 'retention' })).toBe(1);
  });
});
