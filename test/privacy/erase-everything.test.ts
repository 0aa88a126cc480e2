import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { eraseMyDataDialog } from '../../dialogs/erase-my-data.ts';
import { registerInterestDialog } from '../../dialogs/register-interest.ts';
import { returnPlanDialog } from '../../dialogs/return-plan.ts';
import { erasePerson } from '../../src/privacy/erase.ts';
import { registerLead } from '../../src/domain/leads/register.ts';
import { anonymiseOldPlacements } from '../../src/privacy/retention.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { createPlacement } from '../../src/domain/placements/agenda.ts';
import { planReturnNudges } from '../../src/reminders/return-home.ts';
import { scheduleConfig } from '../../src/reminders/schedule-config.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { Placements } from '../../src/domain/placements/model.ts';
import { OA_ID, startChannelService, startFakes, ZALO } from '../helpers/channels.ts';
import { newBot } from '../helpers/chat.ts';
import { postZalo, zaloText } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { consent, createContact, leadInput } from '../helpers/leads.ts';

// The real bot behind the real Zalo webhook: what a person says travels through every store.
const conn = await openTestDb();
const fakes = await startFakes();
afterAll(async () => fakes.close());
const features = [registerInterestDialog, returnPlanDialog, eraseMyDataDialog];
const svc = await startChannelService(conn, fakes, newBot(conn, { featureDialogs: features }));

/** Sends one text as the person and waits until the bot has handled it. */
async function say(userId: string, text: string): Promise<void> {
  const msgId = randomUUID().replaceAll('-', '');
  expect((await postZalo(svc.base, ZALO, zaloText(ZALO.appId, OA_ID, userId, msgId, text))).status).toBe(200);
  await waitFor(async () => (await InboxEvents(conn).findById(`zalo:${msgId}`).lean())?.status === 'done', 15_000);
}

/** Every needle found in any document of any collection of the test database ("collection: needle"). */
async function scanDatabase(needles: readonly string[]): Promise<string[]> {
  const hits = new Set<string>();
  const db = conn.db!;
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find().toArray()) {
      const json = JSON.stringify(doc).normalize('NFC').toLowerCase();
      // Numbers are also looked for as typed with spaces or dots ("0912 000 111").
      const compact = json.replace(/[\s.]/g, '');
      for (const n of needles) if (json.includes(n) || compact.includes(n)) hits.add(`${name}: ${n}`);
    }
  }
  return [...hits].sort();
}

/** Registers a lead and a return-home plan for a relative abroad, and plans the plan's first nudge. */
async function registerEverything(userId: string, p: { name: string; phone: string; relativePhone: string }): Promise<void> {
  for (const text of ['dialog:registerInterest', 'Tôi đồng ý', p.name, '1998', p.phone, 'Xã Vũ Lăng', 'Nhật Bản', 'Xong', 'THPT (lớp 12)', 'ko', 'có', 'Không đồng ý', 'Lưu']) {
    await say(userId, text);
  }
  expect(await Leads(conn).countDocuments({ contactIds: `zalo:${userId}` })).toBe(1);
  for (const text of ['kế hoạch về nước', 'Cho người thân', 'có', 'dai loan', 'Đài Trung', '15/03/2027', 'Công ty Vạn Phát', p.relativePhone, 'co', 'Lưu']) {
    await say(userId, text);
  }
  const plan = (await Placements(conn).findOne({ contactId: `zalo:${userId}` }).lean())!;
  expect(plan).toMatchObject({ registeredBy: 'family', city: 'Đài Trung', employer: 'Công ty Vạn Phát' });
  await planReturnNudges(svc.ctx, scheduleConfig(), plan.nextNudgeAt!);
  expect(await Deliveries(conn).countDocuments({ contactId: `zalo:${userId}`, kind: 'return_nudge', status: 'pending' })).toBe(1);
}

const needlesOf = (p: { name: string; folded: string; phone: string; relativePhone: string }) =>
  [p.name.toLowerCase(), p.folded, p.phone.replace(/\D/g, '').slice(1), p.relativePhone.replace(/\D/g, '').slice(1), 'đài trung', 'dai trung', 'vạn phát', 'van phat', '15/03/2027', '2027-03-15'];

describe('erasing a person leaves nothing of them in any collection', () => {
  it('"Xoá dữ liệu của tôi" in chat: lead, plan for a relative, nudges, conversation, inbox', async () => {
    const person = { name: 'Nguyễn Thị Hoà', folded: 'nguyen thi hoa', phone: '0912 000 111', relativePhone: '0912 345 678' };
    await registerEverything('7000000000000000001', person);
    const needles = needlesOf(person);
    // The scan does see what is there before the erasure.
    expect((await scanDatabase(needles)).length).toBeGreaterThan(5);

    await say('7000000000000000001', 'xoá dữ liệu của tôi');
    await say('7000000000000000001', 'Xoá');
    expect(fakes.zalo.textsTo('7000000000000000001').at(-1)).toContain('Đã xoá dữ liệu cá nhân');
    expect(await scanDatabase(needles)).toEqual([]);

    // What stays is anonymous: the plan for the yearly report, the lead's statistics, no nudge to send.
    const plan = (await Placements(conn).findOne({ erasedAt: { $exists: true } }).lean())!;
    expect(plan).toMatchObject({ country: 'TW', status: 'abroad', registeredBy: 'family', nextNudgeAt: null, contractEnd: new Date('2027-03-01T00:00:00Z') });
    expect(plan.contactId).toBeUndefined();
    expect(await Deliveries(conn).countDocuments({ status: 'pending' })).toBe(0);
    expect(await conn.db!.collection('delivery_queue').countDocuments()).toBe(0);
  });
});

describe('what a person leaves before registering is erased too', () => {
  it('a question the bot was unsure of, a half-finished registration, a handoff to staff', async () => {
    const user = '7000000000000000004';
    const person = { name: 'Đinh Thị Mận', folded: 'dinh thi man', phone: '0868 222 333' };
    // Words the office does not answer: kept for staff on "Câu hỏi cần xem", with the contact id.
    await say(user, `tôi là ${person.name} số ${person.phone} con trâu nhà tôi bị ốm mấy hôm nay`);
    // Consent, name, year, phone, then away to the menu: the answers wait as a draft.
    for (const text of ['dialog:registerInterest', 'Tôi đồng ý', person.name, '1999', person.phone, 'menu']) await say(user, text);
    await say(user, 'gặp cán bộ');
    const needles = [person.name.toLowerCase(), person.folded, person.phone.replace(/\D/g, '').slice(1)];
    const before = await scanDatabase(needles);
    expect(before).toEqual(expect.arrayContaining([expect.stringMatching(/^reviewitems: /), expect.stringMatching(/^leaddrafts: /)]));
    expect(await conn.db!.collection('handoffs').countDocuments({ contactId: `zalo:${user}`, status: 'open' })).toBe(1);

    await say(user, 'xoá dữ liệu của tôi');
    await say(user, 'Xoá');
    expect(fakes.zalo.textsTo(user).at(-1)).toContain('Đã xoá dữ liệu cá nhân');
    expect(await scanDatabase(needles)).toEqual([]);
    // Staff's list of people waiting for them no longer shows someone who is gone.
    expect(await conn.db!.collection('handoffs').countDocuments({ contactId: `zalo:${user}`, status: 'open' })).toBe(0);
  });
});

describe('Zalo user_withdraw', () => {
  it('forgets the person like "Xoá dữ liệu" does, stored before the 200, once however often Zalo sends it', async () => {
    const person = { name: 'Lương Văn Sáu', folded: 'luong van sau', phone: '0386 555 666', relativePhone: '0386 777 888' };
    const user = '7000000000000000002';
    await registerEverything(user, person);
    const withdraw = { app_id: ZALO.appId, event_name: 'user_withdraw', timestamp: String(Date.now()), sender: { id: user }, recipient: { id: OA_ID }, type: 'delete_data' };
    expect((await postZalo(svc.base, ZALO, withdraw)).status).toBe(200);
    const key = `zalo:withdraw:${user}:${withdraw.timestamp}`;
    expect(await InboxEvents(conn).findById(key).lean()).not.toBeNull();
    expect((await postZalo(svc.base, ZALO, withdraw)).status).toBe(200);
    await waitFor(async () => (await InboxEvents(conn).findById(key).lean())?.status === 'done', 15_000);
    expect(await InboxEvents(conn).countDocuments({ _id: key })).toBe(1);
    expect(await scanDatabase(needlesOf(person))).toEqual([]);
    expect((await conn.db!.collection('erasures').find({ source: 'platform' }).toArray()).length).toBe(1);
  });

  it('"restrict" stops proactive messages and keeps the data', async () => {
    const user = '7000000000000000003';
    await say(user, 'menu');
    const restrict = { app_id: ZALO.appId, event_name: 'user_withdraw', timestamp: String(Date.now()), user_id: user, request_type: 'restrict_processing' };
    expect((await postZalo(svc.base, ZALO, restrict)).status).toBe(200);
    await waitFor(async () => (await InboxEvents(conn).findById(`zalo:withdraw:${user}:${restrict.timestamp}`).lean())?.status === 'done', 15_000);
    const contact = await conn.db!.collection('contacts').findOne({ _id: `zalo:${user}` as never });
    expect(contact).toMatchObject({ optOut: { reminders: true, nudges: true, broadcasts: true } });
    expect(contact?.erasedAt).toBeUndefined();
  });
});

describe('whose plan it is', () => {
  const now = new Date('2026-12-01T03:00:00Z');
  const plan = (fields: Record<string, unknown>) =>
    createPlacement(conn, { country: 'KR', timeZone: 'Asia/Seoul', contractEnd: new Date('2027-06-30T00:00:00Z'), contractEndYear: 2027, status: 'abroad', planVersion: 1, nudgeStep: 0, nextNudgeAt: null, ...fields }, now);

  it("a relative whose number a worker gave loses only the number; the worker's plan stays", async () => {
    await createContact(conn, 'zalo:worker-w1');
    await createContact(conn, 'zalo:relative-r1');
    await registerLead(conn, { input: leadInput({ fullName: 'Hoàng Văn Tư', phoneKey: '84386111222' }), contactId: 'zalo:relative-r1', consent: consent(), now });
    const p = await plan({ contactId: 'zalo:worker-w1', registeredBy: 'self', employer: 'Hanil', familyContact: '0386 111 222', familyContactConsent: { version: 'v', at: now, confirmedBy: 'self' } });
    expect(await erasePerson(conn, { contactId: 'zalo:relative-r1' }, 'chat', now)).toMatchObject({ found: true, leads: 1, placements: 0 });
    const kept = (await Placements(conn).findById(p._id).lean())!;
    expect(kept).toMatchObject({ contactId: 'zalo:worker-w1', employer: 'Hanil' });
    expect(kept.familyContact).toBeUndefined();
    expect(kept.familyContactConsent).toBeUndefined();
    expect(kept.erasedAt).toBeUndefined();
  });

  it('a worker erased from their lead takes the plan staff linked to it, not the family member who registered it', async () => {
    await createContact(conn, 'zalo:family-f2');
    const { leadId } = await registerLead(conn, { input: leadInput({ phoneKey: '84386333444' }), contactId: 'messenger:worker-w2', consent: consent('messenger'), now });
    const p = await plan({ contactId: 'zalo:family-f2', leadId, registeredBy: 'family', city: 'Busan' });
    expect(await erasePerson(conn, { leadId }, 'staff', now)).toMatchObject({ found: true, leads: 1, placements: 1 });
    expect(await Placements(conn).findById(p._id).lean()).toMatchObject({ erasedAt: now, country: 'KR' });
    // The family member's own contact is theirs: untouched.
    expect((await conn.db!.collection('contacts').findOne({ _id: 'zalo:family-f2' as never }))?.erasedAt).toBeUndefined();
    expect(await erasePerson(conn, { leadId }, 'staff', now)).toMatchObject({ alreadyErased: true });
  });

  it('the retention job anonymises plans untouched (and ended) for LEAD_RETENTION_DAYS', async () => {
    const old = await createPlacement(conn, { contactId: 'zalo:old-o1', country: 'JP', timeZone: 'Asia/Tokyo', contractEnd: new Date('2023-05-10T00:00:00Z'), contractEndYear: 2023, registeredBy: 'self', status: 'returned', planVersion: 1, nudgeStep: 9, nextNudgeAt: null, employer: 'Toyota' }, new Date('2023-06-01T00:00:00Z'));
    await Placements(conn).updateOne({ _id: old._id }, { $set: { updatedAt: new Date('2023-06-01T00:00:00Z') } }, { timestamps: false });
    const recent = await plan({ contactId: 'zalo:new-n1', registeredBy: 'self', employer: 'Hanil' });
    expect(await anonymiseOldPlacements(svc.ctx, now)).toBe(1);
    expect((await Placements(conn).findById(old._id).lean())!).toMatchObject({ erasedAt: now, status: 'returned', contractEnd: new Date('2023-05-01T00:00:00Z') });
    expect((await Placements(conn).findById(recent._id).lean())!.employer).toBe('Hanil');
  });
});
