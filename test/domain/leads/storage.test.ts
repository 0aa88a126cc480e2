import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { anonymiseInactiveLeads } from '../../../src/privacy/retention.ts';
import { erasePerson } from '../../../src/privacy/erase.ts';
import { findLeadOfContact, PhoneTakenError, registerLead } from '../../../src/domain/leads/register.ts';
import { changeLeadStatus } from '../../../src/domain/leads/status.ts';
import { parseConfig } from '../../../src/core/config.ts';
import { Contacts } from '../../../src/domain/contacts.ts';
import { ConversationStates, MongoStorage } from '../../../src/conversation/storage.ts';
import { InboxEvents, TurnOutcomes } from '../../../src/channels/inbox/models.ts';
import { Erasures, Leads } from '../../../src/domain/leads/model.ts';
import { openTestDb, testDbName, testLog } from '../../helpers/db.ts';
import { PHONE_A, PHONE_B, consent, createContact, leadInput } from '../../helpers/leads.ts';

const now = new Date('2026-11-10T02:00:00Z');

describe('lead storage', () => {
  let conn: Connection;
  let other: Connection;
  beforeAll(async () => {
    const name = testDbName();
    conn = await openTestDb(name);
    other = await openTestDb(name); // a second copy of the service on the same database
  });

  it('merges the same phone registered from Zalo and from Messenger into one lead with both contacts', async () => {
    await registerLead(conn, { input: leadInput(), contactId: 'zalo:z1', consent: consent('zalo'), now });
    await registerLead(other, { input: leadInput({ markets: ['taiwan'] }), contactId: 'messenger:m1', consent: consent('messenger'), now });
    const leads = await Leads(conn).find({ phoneKey: PHONE_A }).lean();
    expect(leads).toHaveLength(1);
    expect([...leads[0]!.contactIds].sort()).toEqual(['messenger:m1', 'zalo:z1']);
    expect(leads[0]!.markets).toEqual(['taiwan']);
    expect(leads[0]!.status).toBe('new');
    expect(leads[0]!.createdMonth).toBe('2026-11');
    expect(leads[0]!.searchText).toContain('nguyen thi hoa');
  });

  it('gives exactly one lead for 20 concurrent registrations of one phone from two service copies', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registerLead(i % 2 ? conn : other, { input: leadInput({ phoneKey: PHONE_B }), contactId: `zalo:c${i}`, consent: consent(), now }),
      ),
    );
    expect(new Set(results.map((r) => r.leadId)).size).toBe(1);
    const leads = await Leads(conn).find({ phoneKey: PHONE_B }).lean();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.contactIds).toHaveLength(20);
  });

  it('changes the number of the same lead when the person registers again with another number, keeping the old one as history', async () => {
    const first = await registerLead(conn, { input: leadInput({ phoneKey: '84977000601' }), contactId: 'zalo:mover', consent: consent(), now });
    const second = await registerLead(conn, { input: leadInput({ phoneKey: '84977000602' }), contactId: 'zalo:mover', consent: consent(), now });
    expect(second.leadId).toBe(first.leadId);
    expect(await Leads(conn).countDocuments({ phoneKey: { $in: ['84977000601', '84977000602'] } })).toBe(1);
    const lead = await findLeadOfContact(conn, 'zalo:mover');
    expect(lead).toMatchObject({ phoneKey: '84977000602', phoneHistory: [{ phoneKey: '84977000601' }] });
    expect(lead!.searchText).toContain('84977000602');
    expect(lead!.searchText).not.toContain('84977000601');
  });

  it('refuses to give a lead a number another lead holds (staff merge them), changing nothing', async () => {
    await registerLead(conn, { input: leadInput({ phoneKey: '84977000701' }), contactId: 'zalo:holder', consent: consent(), now });
    const { leadId } = await registerLead(conn, { input: leadInput({ phoneKey: '84977000702' }), contactId: 'zalo:taker', consent: consent(), now });
    await expect(registerLead(other, { input: leadInput({ phoneKey: '84977000701', birthYear: 1990 }), contactId: 'zalo:taker', consent: consent(), now })).rejects.toBeInstanceOf(PhoneTakenError);
    expect(await Leads(conn).findById(leadId).lean()).toMatchObject({ phoneKey: '84977000702', birthYear: 1998 });
  });

  it('refuses invalid input before touching the database', async () => {
    await expect(registerLead(conn, { input: leadInput({ phoneKey: '0912' }), contactId: 'zalo:bad', consent: consent(), now })).rejects.toThrow();
    expect(await findLeadOfContact(conn, 'zalo:bad')).toBeNull();
  });

  it('moves a lead along the pipeline with history and refuses going back', async () => {
    const { leadId } = await registerLead(conn, { input: leadInput({ phoneKey: '84977000333' }), contactId: 'zalo:p1', consent: consent(), now });
    await changeLeadStatus(conn, leadId, { status: 'contacted', note: 'gọi lần 1' }, 'officer', now);
    await expect(changeLeadStatus(conn, leadId, { status: 'departed' }, 'officer', now)).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_request' });
    await changeLeadStatus(conn, leadId, { status: 'departed', market: 'japan' }, 'officer', now);
    await expect(changeLeadStatus(conn, leadId, { status: 'new' }, 'officer', now)).rejects.toMatchObject({ kind: 'conflict', code: 'invalid_transition' });
    const lead = await Leads(conn).findById(leadId).lean();
    expect(lead!.status).toBe('departed');
    expect(lead!.departure).toMatchObject({ market: 'japan', year: 2026 });
    expect(lead!.statusHistory.map((h) => `${h.from}>${h.to}`)).toEqual(['new>contacted', 'contacted>departed']);
  });

  it('records both of two simultaneous status changes, in order, without losing either', async () => {
    const { leadId } = await registerLead(conn, { input: leadInput({ phoneKey: '84977000444' }), contactId: 'zalo:p2', consent: consent(), now });
    await Promise.all([
      changeLeadStatus(conn, leadId, { status: 'contacted' }, 'a', now),
      changeLeadStatus(other, leadId, { status: 'withdrawn' }, 'b', now),
    ]);
    const lead = await Leads(conn).findById(leadId).lean();
    expect(lead!.statusHistory).toHaveLength(2);
    expect(lead!.statusHistory[0]!.from).toBe('new');
    expect(lead!.statusHistory[1]!.from).toBe(lead!.statusHistory[0]!.to);
    expect(lead!.status).toBe(lead!.statusHistory[1]!.to);
  });

  it('erases a person: lead anonymised but countable, contact details and bot state gone, one anonymous erasure counted', async () => {
    await createContact(conn, 'messenger:e1');
    await createContact(conn, 'zalo:e1');
    const { leadId } = await registerLead(conn, {
      input: leadInput({ phoneKey: '84988000555', sensitive: { consentVersion: 'v', consentAt: now, ethnicity: 'Tày', householdCategory: 'poor' } }),
      contactId: 'messenger:e1',
      consent: consent('messenger'),
      now,
    });
    await registerLead(conn, { input: leadInput({ phoneKey: '84988000555' }), contactId: 'zalo:e1', consent: consent(), now });
    await changeLeadStatus(conn, leadId, { status: 'contacted', note: 'chị Hoà hẹn gặp' }, 'officer', now);
    const storage = new MongoStorage(conn);
    await storage.write({ 'facebook/conversations/e1/': { dialog: 'x' }, 'facebook/users/e1/': { lang: 'vi' }, 'zalo/users/e1/': { a: 1 }, 'zalo/users/e10/': { keep: true } });

    const said = JSON.stringify({ kind: 'text', text: 'Nguyễn Thị Hoà 0988 000 555' });
    await InboxEvents(conn).create([
      { _id: 'messenger:mid.1', channel: 'messenger', conversation: 'messenger:e1', occurredAt: 1, status: 'done', event: said },
      { _id: 'zalo:msg.2', channel: 'zalo', conversation: 'zalo:e1', occurredAt: 2, status: 'done', event: said },
      { _id: 'zalo:msg.3', channel: 'zalo', conversation: 'zalo:e10', occurredAt: 3, status: 'done', event: said },
    ]);
    await TurnOutcomes(conn).create([
      { _id: 'messenger:mid.1', replies: JSON.stringify([{ text: 'Họ tên: Nguyễn Thị Hoà' }]), owner: 'x' },
      { _id: 'zalo:msg.3', replies: '[]', owner: 'x' },
    ]);
    const before = await Erasures(conn).countDocuments();
    const result = await erasePerson(conn, { contactId: 'messenger:e1' }, 'chat', now);
    expect(result).toEqual({ found: true, alreadyErased: false, leads: 1, placements: 0 });

    const lead = await Leads(conn).findById(leadId).lean();
    expect(lead).toMatchObject({ status: 'contacted', markets: ['japan', 'korea'], createdYear: 2026, phoneKey: `erased:${leadId}` });
    for (const gone of ['fullName', 'birthYear', 'sensitive', 'consent', 'communeText']) expect(lead).not.toHaveProperty(gone);
    expect(lead!.contactIds).toEqual([]);
    expect(JSON.stringify(lead)).not.toContain('Hoà');
    for (const id of ['messenger:e1', 'zalo:e1']) {
      const contact = await Contacts(conn).findById(id).lean();
      expect(contact!.erasedAt).toBeInstanceOf(Date);
      expect(contact!.displayName).toBeUndefined();
    }
    const keys = (await ConversationStates(conn).distinct('key')) as string[];
    expect(keys.filter((k) => k.includes('/e1/'))).toEqual([]);
    expect(keys).toContain('zalo/users/e10/');
    const events = await InboxEvents(conn).find().sort({ occurredAt: 1 }).lean();
    expect(events.map((e) => e.event.includes('Hoà'))).toEqual([false, false, true]);
    expect((await TurnOutcomes(conn).find().lean()).map((o) => o._id)).toEqual(['zalo:msg.3']);
    expect(await Erasures(conn).countDocuments()).toBe(before + 1);
    // The number can register again as a new lead afterwards.
    await registerLead(conn, { input: leadInput({ phoneKey: '84988000555' }), contactId: 'zalo:e1', consent: consent(), now });
    expect(await Leads(conn).countDocuments({ phoneKey: '84988000555' })).toBe(1);
    expect((await Contacts(conn).findById('zalo:e1').lean())!.erasedAt).toBeUndefined();
  });

  it('anonymises leads inactive for longer than LEAD_RETENTION_DAYS and keeps recent ones', async () => {
    const old = new Date('2024-01-01T00:00:00Z');
    await registerLead(conn, { input: leadInput({ phoneKey: '84355000666' }), contactId: 'zalo:old', consent: consent(), now: old });
    await registerLead(conn, { input: leadInput({ phoneKey: '84355000777' }), contactId: 'zalo:recent', consent: consent(), now });
    const ctx = { conn, log: testLog, config: parseConfig({ LEAD_RETENTION_DAYS: '365' }) };
    expect(await anonymiseInactiveLeads(ctx, now)).toBeGreaterThanOrEqual(1);
    expect(await Leads(conn).countDocuments({ phoneKey: '84355000666' })).toBe(0);
    expect(await Leads(conn).countDocuments({ phoneKey: '84355000777' })).toBe(1);
    expect(await anonymiseInactiveLeads(ctx, now)).toBe(0);
  });
});
