import { MessageFactory, type TurnContext } from 'botbuilder-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contacts } from '../../src/domain/contacts.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { postZalo, zaloFollow, zaloText } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { echoBot, OA_ID, startChannelService, startFakes, ZALO } from '../helpers/channels.ts';

describe('Zalo OA webhook', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let base: string;
  let conn: Awaited<ReturnType<typeof openTestDb>>;
  const echo = echoBot();

  beforeAll(async () => {
    conn = await openTestDb();
    fakes = await startFakes();
    const bot = async (turn: TurnContext) => {
      if (turn.activity.text === 'menu') {
        await turn.sendActivity(MessageFactory.suggestedActions(['Nhật Bản', 'Hàn Quốc'], 'Bạn muốn hỏi thị trường nào?'));
        return;
      }
      await echo(turn);
    };
    ({ base } = await startChannelService(conn, fakes, bot));
  });
  afterAll(async () => fakes.close());

  it('a signed user_send_text gets exactly one consultation reply, even when delivered twice', async () => {
    const event = zaloText(ZALO.appId, OA_ID, '1234567890123456789', 'msg-1', 'Chi phí đi Hàn Quốc là bao nhiêu?');
    expect((await postZalo(base, ZALO, event)).status).toBe(200);
    expect((await postZalo(base, ZALO, event)).status).toBe(200);
    await waitFor(async () => (await InboxEvents(conn).findById('zalo:msg-1').lean())?.status === 'done', 10_000);
    expect(fakes.zalo.textsTo('1234567890123456789')).toEqual(['echo: Chi phí đi Hàn Quốc là bao nhiêu?']);
  });

  it('accepts the signature as bare hex too', async () => {
    const event = zaloText(ZALO.appId, OA_ID, '1111111111111111111', 'msg-2', 'xin chào');
    expect((await postZalo(base, ZALO, event, { bareHex: true })).status).toBe(200);
    await waitFor(async () => fakes.zalo.textsTo('1111111111111111111').length === 1, 10_000);
  });

  it('ignores a validly signed event more than a day old (a replay), with 200 so Zalo stops, and stores nothing', async () => {
    const old = zaloText(ZALO.appId, OA_ID, '2222222222222222229', 'msg-replayed', 'hỏi lại', Date.UTC(2016, 0, 1));
    expect((await postZalo(base, ZALO, old)).status).toBe(200);
    const future = zaloText(ZALO.appId, OA_ID, '2222222222222222229', 'msg-future', 'hỏi trước', Date.now() + 2 * 86_400_000);
    expect((await postZalo(base, ZALO, future)).status).toBe(200);
    expect(await InboxEvents(conn).countDocuments({ _id: { $in: ['zalo:msg-replayed', 'zalo:msg-future'] } })).toBe(0);
  });

  it('refuses a wrong signature with 403 and stores nothing', async () => {
    const event = zaloText(ZALO.appId, OA_ID, '2222222222222222222', 'msg-forged', 'forged');
    const res = await postZalo(base, { appId: ZALO.appId, oaSecretKey: 'not-the-key' }, event);
    expect(res.status).toBe(403);
    const unsigned = await fetch(`${base}/webhooks/zalo`, { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(403);
    expect(await InboxEvents(conn).findById('zalo:msg-forged').lean()).toBeNull();
  });

  it('a follow event creates the contact with the name from the user-detail API', async () => {
    fakes.zalo.users.set('3333333333333333333', { display_name: 'Lương Văn Tú' });
    const at = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
    expect((await postZalo(base, ZALO, zaloFollow(ZALO.appId, OA_ID, '3333333333333333333', at))).status).toBe(200);
    const contact = await waitFor(async () => Contacts(conn).findById('zalo:3333333333333333333').lean().then((c) => (c?.displayName ? c : undefined)), 10_000);
    expect(contact).toMatchObject({ channel: 'zalo', userId: '3333333333333333333', displayName: 'Lương Văn Tú' });
    expect(contact.lastInboundAt.getTime()).toBe(at);
    await waitFor(async () => fakes.zalo.textsTo('3333333333333333333').length === 1, 10_000);
    expect(fakes.zalo.textsTo('3333333333333333333')).toEqual(['event: follow']);
  });

  it('ignores receipts and echoes of our own messages (200, nothing stored)', async () => {
    const before = await InboxEvents(conn).countDocuments();
    const receipt = { app_id: ZALO.appId, event_name: 'user_seen_message', timestamp: String(Date.now()), sender: { id: OA_ID }, recipient: { id: '1' }, message: { msg_ids: ['x'] } };
    expect((await postZalo(base, ZALO, receipt)).status).toBe(200);
    const echoEvent = { app_id: ZALO.appId, event_name: 'oa_send_text', timestamp: String(Date.now()), sender: { id: OA_ID }, recipient: { id: '1' }, message: { msg_id: 'oa1', text: 'hi' } };
    expect((await postZalo(base, ZALO, echoEvent)).status).toBe(200);
    expect((await postZalo(base, ZALO, { app_id: ZALO.appId, event_name: 'user_send_text', timestamp: String(Date.now()) })).status).toBe(200);
    expect(await InboxEvents(conn).countDocuments()).toBe(before);
  });

  it('shows suggested actions as Zalo buttons whose tap sends the value back, and numbered in the text', async () => {
    await postZalo(base, ZALO, zaloText(ZALO.appId, OA_ID, '4444444444444444444', 'msg-menu', 'menu'));
    await waitFor(async () => fakes.zalo.sent.some((s) => s.userId === '4444444444444444444'), 10_000);
    const sent = fakes.zalo.sent.find((s) => s.userId === '4444444444444444444')!;
    expect(sent.message.text).toBe('Bạn muốn hỏi thị trường nào?\n\n1. Nhật Bản\n2. Hàn Quốc');
    expect(sent.message.attachment?.payload?.buttons?.map((b) => [b.title, b.payload])).toEqual([
      ['Nhật Bản', 'Nhật Bản'],
      ['Hàn Quốc', 'Hàn Quốc'],
    ]);
  });
});
