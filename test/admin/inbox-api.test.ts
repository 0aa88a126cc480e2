import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntries } from '../../src/admin/audit.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { LeadNotes } from '../../src/domain/leads/notes.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { messengerBatch, messengerText, postMessenger } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { api, startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/service.ts';
import { MESSENGER_SECRET, messengerEnv, seedContacts, staffToken, startWithFakeMessenger, testClock } from '../helpers/console-fixtures.ts';

/**
 * The inbox and lead-page API: a person asks for staff through the signed Messenger webhook, staff
 * read the conversation, reply (stored as a delivery, sent once by the worker), add notes, and the
 * routes refuse bad input with a clear message and nothing changed.
 */
const PAGE_ID = '1000000000000001';
// 23:00 in Vietnam (the last such evening): staff replies go at once, even in the quiet hours.
const evening = new Date();
evening.setUTCHours(16, 0, 0, 0);
if (evening > new Date()) evening.setUTCDate(evening.getUTCDate() - 1);
const clock = testClock(evening.toISOString());

interface Message {
  from: string;
  text: string | null;
  status: string | null;
}

describe('inbox and lead page API', () => {
  let conn: Connection;
  let svc: TestService;
  let graph: FakeGraph;
  let staff: string;
  let mid = 0;
  const call = (method: string, path: string, body?: unknown, token = staff) => api(svc.base, method, path, body, token);

  /** The person writes; returns once the bot's turn is done (all its replies sent). */
  async function say(psid: string, text: string) {
    const id = `m_ia_${++mid}`;
    expect((await postMessenger(svc.base, MESSENGER_SECRET, messengerBatch(PAGE_ID, [messengerText(psid, PAGE_ID, id, text, clock.now().getTime())]))).status).toBe(200);
    await waitFor(async () => (await InboxEvents(conn).findById(`messenger:${id}`).lean())?.status === 'done' || undefined, 20_000);
  }
  async function seedLead(phoneKey: string, fullName: string, contactIds: string[]) {
    const now = clock.now();
    return Leads(conn).create({
      phoneKey, fullName, birthYear: 1998, communeId: 'tan_tri', markets: ['japan'], education: 'upper_secondary', hasPassport: false, wantsLoan: true,
      contactIds, consent: { version: 'v1', at: now, channel: 'messenger' }, status: 'new', sensitive: { consentVersion: 'v1', consentAt: now, ethnicity: 'Tày', householdCategory: 'poor' },
      createdAt: now, updatedAt: now, lastActivityAt: now, createdYear: now.getUTCFullYear(), createdMonth: now.toISOString().slice(0, 7),
    });
  }
  const staffReplies = (contactId: string) => Deliveries(conn).countDocuments({ kind: 'staff_reply', contactId });

  beforeAll(async () => {
    conn = await openTestDb();
    ({ svc, graph } = await startWithFakeMessenger(conn, clock));
    graph.profiles.set('ia-psid-1', { first_name: 'Lan', last_name: 'Hoàng' });
    staff = await staffToken(svc.base, 'Cán bộ xã Tân Tri');
    await say('ia-psid-1', 'gặp cán bộ');
  });
  afterAll(async () => graph?.close());

  it('lists the person waiting for staff by name, oldest first, and shows their conversation', async () => {
    const open = await call('GET', '/api/handoffs');
    expect(open.status).toBe(200);
    expect(open.json.items).toEqual([expect.objectContaining({ contactId: 'messenger:ia-psid-1', channel: 'messenger', name: expect.stringContaining('Lan') })]);

    const conv = await call('GET', '/api/conversations/messenger:ia-psid-1');
    expect(conv.status).toBe(200);
    expect(conv.json).toMatchObject({ channel: 'messenger', window: { open: true, reason: null } });
    expect(conv.json.handoffUntil).not.toBeNull();
    const messages = conv.json.messages as Message[];
    expect(messages[0]).toMatchObject({ from: 'person', text: 'gặp cán bộ' });
    expect(messages.some((m) => m.from === 'bot' && m.text)).toBe(true);
  });

  it('refuses a bad reply with a clear message and stores nothing', async () => {
    const empty = await call('POST', '/api/conversations/messenger:ia-psid-1/replies', { text: '   ', requestId: 'req-0000001' });
    expect(empty.status).toBe(400);
    expect(empty.json.error?.fields).toEqual([expect.objectContaining({ path: 'text' })]);
    expect(JSON.stringify(empty.json)).toContain('hãy viết nội dung trả lời');
    expect((await call('POST', '/api/conversations/messenger:ia-psid-1/replies', { text: 'Chào chị' })).status).toBe(400);
    expect((await call('POST', '/api/conversations/messenger:ia-psid-1/replies', { text: 'x'.repeat(2001), requestId: 'req-0000002' })).status).toBe(400);
    expect((await call('POST', '/api/conversations/not-an-id/replies', { text: 'Chào chị', requestId: 'req-0000003' })).status).toBe(400);
    expect((await call('POST', '/api/conversations/messenger:nobody/replies', { text: 'Chào chị', requestId: 'req-0000004' })).status).toBe(404);
    expect((await fetch(`${svc.base}/api/conversations/messenger:ia-psid-1`)).status).toBe(401);
    expect(await staffReplies('messenger:ia-psid-1')).toBe(0);
  });

  it('stores a staff reply before answering, sends it once through the platform (also at 23:00), and records it in the conversation', async () => {
    const body = { text: 'Chào chị Lan, em là cán bộ phòng lao động. Chị cần hỏi gì ạ?', requestId: 'req-reply-0001' };
    const first = await call('POST', '/api/conversations/messenger:ia-psid-1/replies', body);
    expect(first.status).toBe(202);
    // A double click (same request id) sends nothing more.
    expect((await call('POST', '/api/conversations/messenger:ia-psid-1/replies', body)).status).toBe(202);
    expect(await staffReplies('messenger:ia-psid-1')).toBe(1);

    clock.advance(61_000);
    await svc.service.scheduler.runTick(clock.now());
    expect(graph.textsTo('ia-psid-1').filter((t) => t === body.text)).toHaveLength(1);
    const messages = (await call('GET', '/api/conversations/messenger:ia-psid-1')).json.messages as Message[];
    expect(messages.at(-1)).toMatchObject({ from: 'staff', text: body.text, status: 'sent' });
    expect(await AuditEntries(conn).countDocuments({ action: 'conversation.reply', target: 'contact:messenger:ia-psid-1' })).toBe(1);
    // Read three times within ten minutes: one entry saying who read whose conversation.
    expect(await AuditEntries(conn).countDocuments({ action: 'conversation.view', target: 'contact:messenger:ia-psid-1', actorName: 'Cán bộ xã Tân Tri' })).toBe(1);
  });

  it('says the window is closed (phone them) and sends nothing when the person wrote more than 24 h ago', async () => {
    await seedContacts(conn, [{ id: 'ia-psid-old', lastInboundAt: new Date(clock.now().getTime() - 30 * 3_600_000) }]);
    const conv = await call('GET', '/api/conversations/messenger:ia-psid-old');
    expect(conv.json.window).toEqual({ open: false, closesAt: null, reason: 'window_closed' });
    const res = await call('POST', '/api/conversations/messenger:ia-psid-old/replies', { text: 'Chào anh', requestId: 'req-old-00001' });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'window_closed', message: expect.stringContaining('hãy gọi điện') });
    expect(await staffReplies('messenger:ia-psid-old')).toBe(0);
  });

  it('shows everything about the person on the lead page, adds notes, and erases the notes with the lead', async () => {
    const lead = await seedLead('84912345001', 'Hoàng Thị Lan', ['messenger:ia-psid-1']);
    const id = String(lead._id);
    expect((await call('POST', `/api/leads/${id}/notes`, { text: '' })).status).toBe(400);
    expect((await call('POST', `/api/leads/${id}/notes`, { text: 'ok', extra: 1 })).status).toBe(400);
    expect((await call('POST', '/api/leads/000000000000000000000000/notes', { text: 'Gọi lại' })).status).toBe(404);
    expect(await LeadNotes(conn).countDocuments({ leadId: id })).toBe(0);
    const note = await call('POST', `/api/leads/${id}/notes`, { text: 'Đã gọi, hẹn thứ Hai lên phòng lao động' });
    expect(note.status).toBe(201);
    expect(note.json).toMatchObject({ by: 'Cán bộ xã Tân Tri' });

    const overview = await call('GET', `/api/leads/${id}/overview`);
    expect(overview.status).toBe(200);
    expect(overview.json.lead).toMatchObject({ fullName: 'Hoàng Thị Lan', phone: '0912 345 001' });
    // Ethnicity and household are for admins only, on this page as in the leads list.
    expect(overview.json.lead).toMatchObject({ ethnicity: null, householdCategory: null });
    expect(overview.json.notes).toEqual([expect.objectContaining({ text: 'Đã gọi, hẹn thứ Hai lên phòng lao động' })]);
    expect(overview.json.contacts).toEqual([expect.objectContaining({ id: 'messenger:ia-psid-1', channel: 'messenger', waitingForStaff: true })]);
    expect((overview.json.messages as Message[]).some((m) => m.from === 'staff')).toBe(true);
    expect(await AuditEntries(conn).countDocuments({ action: 'lead.read', target: `lead:${id}` })).toBe(1);
    expect((await call('GET', `/api/leads/${id}/overview`, undefined, TEST_ADMIN_TOKEN)).json.lead).toMatchObject({ ethnicity: 'Tày', householdCategory: 'poor' });
    // The waiting list now shows the registered name and links to the lead.
    expect((await call('GET', '/api/handoffs')).json.items).toEqual([expect.objectContaining({ name: 'Hoàng Thị Lan', leadId: id })]);

    // Erasing is an admin's decision (staff get 403).
    expect((await call('DELETE', `/api/leads/${id}`)).status).toBe(403);
    expect((await call('DELETE', `/api/leads/${id}`, undefined, TEST_ADMIN_TOKEN)).status).toBe(204);
    expect(await LeadNotes(conn).countDocuments({ leadId: id })).toBe(0);
    expect((await Contacts(conn).findById('messenger:ia-psid-1').lean())?.erasedAt).toBeInstanceOf(Date);
    expect((await call('GET', '/api/conversations/messenger:ia-psid-1')).status).toBe(404);
    expect((await call('GET', '/api/handoffs')).json.items).toEqual([]);
  });

  it('moves notes along when two leads of one person are merged', async () => {
    const a = await seedLead('84912345011', 'Nông Văn Tùng', []);
    const b = await seedLead('84912345012', 'Nông Văn Tùng', []);
    await call('POST', `/api/leads/${String(a._id)}/notes`, { text: 'Số cũ' });
    expect((await call('POST', `/api/leads/${String(a._id)}/merge`, { intoLeadId: String(b._id) })).status).toBe(200);
    const notes = (await call('GET', `/api/leads/${String(b._id)}/overview`)).json.notes as { text: string }[];
    expect(notes.map((n) => n.text)).toEqual(['Số cũ']);
  });

  it('where the scheduler runs, a staff reply goes out at once, not at the next minute', async () => {
    // A second copy of the service with its scheduler on (its own ticks only once a year).
    const copy = await startTestService(conn, { env: { ...messengerEnv(graph), SCHEDULER_ENABLED: 'true' }, clock, scheduler: { tickCron: '0 0 1 1 *' } });
    await seedContacts(conn, [{ id: 'ia-psid-now', lastInboundAt: clock.now() }]);
    const res = await api(copy.base, 'POST', '/api/conversations/messenger:ia-psid-now/replies', { text: 'Dạ, em gọi lại cho anh ngay', requestId: 'req-now-00001' }, staff);
    expect(res.status).toBe(202);
    await waitFor(async () => graph.textsTo('ia-psid-now').includes('Dạ, em gọi lại cho anh ngay') || undefined, 5_000);
    expect(await Deliveries(conn).findById(res.json.id as string).lean()).toMatchObject({ status: 'sent', attempts: 1 });
    // Staff took the conversation over: the bot stays quiet and the person is on the waiting list.
    expect((await call('GET', '/api/handoffs')).json.items).toEqual(expect.arrayContaining([expect.objectContaining({ contactId: 'messenger:ia-psid-now' })]));
  });

  it('releasing the person tells them the bot answers again', async () => {
    // 10:00 the next morning: the release notice keeps the quiet hours, as every notice does.
    clock.set(new Date(evening.getTime() + 11 * 3_600_000));
    await say('ia-psid-2', 'gặp cán bộ');
    expect((await call('POST', '/api/handoffs/messenger:ia-psid-2/release')).status).toBe(204);
    clock.advance(61_000);
    await svc.service.scheduler.runTick(clock.now());
    expect(graph.textsTo('ia-psid-2').at(-1)).toContain('Trợ lý tự động trả lời bạn trở lại');
  });
});
