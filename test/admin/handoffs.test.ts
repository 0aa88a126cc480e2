import { beforeAll, describe, expect, it } from 'vitest';
import { Contacts } from '../../src/domain/contacts.ts';
import { startHandoff } from '../../src/domain/handoffs.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService, type TestService } from '../helpers/service.ts';
import type { Connection } from 'mongoose';

describe('staff handoff routes', () => {
  let conn: Connection;
  let svc: TestService;
  beforeAll(async () => {
    conn = await openTestDb();
    svc = await startTestService(conn);
    const now = new Date();
    await Contacts(conn).create({ _id: 'zalo:777', channel: 'zalo', userId: '777', firstInboundAt: now, lastInboundAt: now });
    await startHandoff(conn, { contactId: 'zalo:777', channel: 'zalo', now, hours: 24, topic: 'loans.bank' });
  });

  it('lists open handoffs for staff and releases one, giving the person back to the bot', async () => {
    const open = await api(svc.base, 'GET', '/api/handoffs');
    expect(open.status).toBe(200);
    expect(open.json.items).toEqual([expect.objectContaining({ contactId: 'zalo:777', topic: 'loans.bank' })]);

    expect((await api(svc.base, 'POST', '/api/handoffs/zalo:777/release')).status).toBe(204);
    expect((await Contacts(conn).findById('zalo:777').lean())?.handoffUntil).toBeUndefined();
    expect((await api(svc.base, 'GET', '/api/handoffs')).json.items).toEqual([]);
    const audit = await api(svc.base, 'GET', '/api/audit?action=handoff.release');
    expect(audit.json.items).toHaveLength(1);
  });

  it('answers 404 for nobody to release, 400 for a malformed id, 401 without a token', async () => {
    expect((await api(svc.base, 'POST', '/api/handoffs/zalo:777/release')).status).toBe(404);
    expect((await api(svc.base, 'POST', '/api/handoffs/nonsense/release')).status).toBe(400);
    expect((await fetch(`${svc.base}/api/handoffs`)).status).toBe(401);
  });
});
