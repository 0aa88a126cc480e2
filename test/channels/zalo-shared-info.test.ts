import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { registerInterestDialog } from '../../dialogs/register-interest.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { newBot } from '../helpers/chat.ts';
import { postZalo, zaloText } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { OA_ID, startChannelService, startFakes, ZALO } from '../helpers/channels.ts';

// The real bot behind the real Zalo webhook, as a person on Zalo PC (no buttons shown) would use it.
const conn = await openTestDb();
const fakes = await startFakes();
afterAll(async () => fakes.close());
const svc = await startChannelService(conn, fakes, newBot(conn, { featureDialogs: [registerInterestDialog] }));

async function post(event: { timestamp: string } & Record<string, unknown>, key: string): Promise<void> {
  expect((await postZalo(svc.base, ZALO, event)).status).toBe(200);
  await waitFor(async () => (await InboxEvents(conn).findById(`zalo:${key}`).lean())?.status === 'done', 15_000);
}

async function say(userId: string, text: string): Promise<void> {
  const msgId = randomUUID().replaceAll('-', '');
  await post(zaloText(ZALO.appId, OA_ID, userId, msgId, text), msgId);
}

/** The last message the person received, as Zalo PC shows it: the text only. */
const lastText = (userId: string) => fakes.zalo.textsTo(userId).at(-1) ?? '';

describe('Zalo user_submit_info and answering by number', () => {
  it('thanks the person, asks consent, then offers the shared name and phone; typed numbers pick the buttons', async () => {
    const user = '7100000000000000001';
    const timestamp = String(Date.now());
    // As Zalo's own sample has it: the phone a JSON number.
    const submit = { app_id: ZALO.appId, event_name: 'user_submit_info', timestamp, sender: { id: user }, recipient: { id: OA_ID }, info: { name: 'Nguyễn Văn An', phone: 84901234567, address: '', city: 'Lạng Sơn' } };
    await post(submit, `submit_info:${user}:${timestamp}`);
    const texts = fakes.zalo.textsTo(user);
    expect(texts[0]).toContain('Cảm ơn bạn đã chia sẻ thông tin');
    // Consent is still asked, its answers numbered in the text (Zalo PC and web show no buttons).
    expect(lastText(user)).toMatch(/1\. Tôi đồng ý/);
    expect(await Leads(conn).countDocuments()).toBe(0);

    await say(user, '1');
    expect(lastText(user)).toContain('1. Nguyễn Văn An');
    await say(user, '1');
    await say(user, '1990');
    expect(lastText(user)).toContain('1. 0901 234 567');
    await say(user, '1');
    for (const text of ['Xã Vũ Lăng', 'Nhật Bản', 'Xong', 'THPT (lớp 12)', 'ko', 'có', 'Không đồng ý', 'Lưu']) await say(user, text);

    const lead = await Leads(conn).findOne({ contactIds: `zalo:${user}` }).lean();
    expect(lead).toMatchObject({ fullName: 'Nguyễn Văn An', phoneKey: '84901234567', birthYear: 1990 });
  });

  it('declining consent keeps nothing the person shared', async () => {
    const user = '7100000000000000002';
    const timestamp = String(Date.now());
    const submit = { app_id: ZALO.appId, event_name: 'user_submit_info', timestamp, sender: { id: user }, recipient: { id: OA_ID }, info: { name: 'Hà Thị Bình', phone: 84912000222 } };
    await post(submit, `submit_info:${user}:${timestamp}`);
    await say(user, '2');
    expect(lastText(user)).not.toMatch(/Tôi đồng ý/);
    expect(await Leads(conn).countDocuments({ contactIds: `zalo:${user}` })).toBe(0);
    expect(await conn.db!.collection('leaddrafts').countDocuments({ _id: `zalo:${user}` as never })).toBe(0);
  });
});
