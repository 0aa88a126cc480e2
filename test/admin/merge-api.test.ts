import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { AuditEntries } from '../../src/admin/audit.ts';
import { erasePerson } from '../../src/privacy/erase.ts';
import { registerLead } from '../../src/domain/leads/register.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { Placements } from '../../src/domain/placements/model.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService, type TestService } from '../helpers/service.ts';
import { consent, createContact, leadInput } from '../helpers/leads.ts';

const now = new Date('2026-11-10T02:00:00Z');

describe('staff merge two leads of one person', () => {
  let svc: TestService;
  let conn: Connection;
  let kept: string;
  let duplicate: string;
  beforeAll(async () => {
    conn = await openTestDb();
    svc = await startTestService(conn);
    await createContact(conn, 'zalo:same-z');
    await createContact(conn, 'messenger:same-m');
    kept = (await registerLead(conn, { input: leadInput({ phoneKey: '84912000811' }), contactId: 'zalo:same-z', consent: consent(), now })).leadId;
    duplicate = (await registerLead(conn, { input: leadInput({ phoneKey: '84977000812' }), contactId: 'messenger:same-m', consent: consent('messenger'), now })).leadId;
    await Placements(conn).create({ leadId: duplicate, country: 'KR', timeZone: 'Asia/Seoul', contractEnd: new Date('2027-03-01'), contractEndYear: 2027, registeredBy: 'staff' });
  });

  it('refuses bad requests with a clear error and changes nothing', async () => {
    expect((await api(svc.base, 'POST', `/api/leads/${duplicate}/merge`, {})).status).toBe(400);
    const self = await api(svc.base, 'POST', `/api/leads/${duplicate}/merge`, { intoLeadId: duplicate });
    expect(self.status).toBe(400);
    expect(JSON.stringify(self.json)).toContain('itself');
    expect((await api(svc.base, 'POST', `/api/leads/${duplicate}/merge`, { intoLeadId: 'nonsense' })).status).toBe(400);
    expect((await api(svc.base, 'POST', `/api/leads/${duplicate}/merge`, { intoLeadId: '0123456789abcdef01234567' })).status).toBe(404);
    expect((await api(svc.base, 'POST', '/api/leads/0123456789abcdef01234567/merge', { intoLeadId: kept })).status).toBe(404);
    expect((await api(svc.base, 'POST', `/api/leads/${duplicate}/merge`, { intoLeadId: kept }, 'wrong-token-wrong-token')).status).toBe(401);
    expect(await Leads(conn).countDocuments({ _id: { $in: [kept, duplicate] } })).toBe(2);
  });

  it('moves the contacts, number and placements to the kept lead, deletes the duplicate, and audits without personal data', async () => {
    const merged = await api(svc.base, 'POST', `/api/leads/${duplicate}/merge`, { intoLeadId: kept });
    expect(merged.status).toBe(200);
    expect(merged.json).toMatchObject({ id: kept });
    expect(await Leads(conn).findById(duplicate).lean()).toBeNull();
    const lead = await Leads(conn).findById(kept).lean();
    expect([...lead!.contactIds].sort()).toEqual(['messenger:same-m', 'zalo:same-z']);
    expect(lead!.phoneKey).toBe('84912000811');
    expect(lead!.phoneHistory!.map((h) => h.phoneKey)).toEqual(['84977000812']);
    expect(await Placements(conn).countDocuments({ leadId: kept })).toBe(1);
    const audit = await AuditEntries(conn).find({ action: 'lead.merge' }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: `lead:${kept}`, before: { mergedLeadId: duplicate, mergedStatus: 'new' }, after: { contactsMoved: 1 } });
    expect(JSON.stringify(audit)).not.toMatch(/912000811|977000812|Hoà/);
    // Merged once is merged: the duplicate is gone.
    expect((await api(svc.base, 'POST', `/api/leads/${duplicate}/merge`, { intoLeadId: kept })).status).toBe(404);
  });

  it('erases both numbers with the one lead', async () => {
    await erasePerson(conn, { leadId: kept }, 'staff', now);
    const lead = await Leads(conn).findById(kept).lean();
    expect(JSON.stringify(lead)).not.toMatch(/912000811|977000812/);
  });
});
