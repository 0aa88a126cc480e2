import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Handoffs } from '../../src/domain/handoffs.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { newBot } from '../helpers/chat.ts';
import { messengerBatch, messengerText, postMessenger, postZalo, zaloText } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { fastChannels, MESSENGER, OA_ID, PAGE_ID, startChannelService, startFakes, ZALO } from '../helpers/channels.ts';

// The fake Graph API echoes our sends with app_id 1234567890: that is "our app" here.
const OUR_APP = '1234567890';

describe('staff answering from the platform inbox take the conversation over', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let conn: Awaited<ReturnType<typeof openTestDb>>;
  let base: string;
  const done = (id: string) => waitFor(async () => (await InboxEvents(conn).findById(id).lean())?.status === 'done', 15_000);

  beforeAll(async () => {
    conn = await openTestDb();
    fakes = await startFakes();
    ({ base } = await startChannelService(conn, fakes, newBot(conn), fastChannels, { MESSENGER_APP_ID: OUR_APP }));
    fakes.graph.webhook = { base, appSecret: MESSENGER.appSecret, pageId: PAGE_ID };
    fakes.zalo.webhook = { base, appId: ZALO.appId, oaSecretKey: ZALO.oaSecretKey, oaId: OA_ID };
  });
  afterAll(async () => fakes.close());

  it("Messenger: our own echoes change nothing; an echo from the Page inbox starts a handoff and the bot goes quiet", async () => {
    await postMessenger(base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [messengerText('psid-staff', PAGE_ID, 'm_s_1', 'menu')]));
    await waitFor(async () => fakes.graph.textsTo('psid-staff').length >= 1, 15_000);
    // The echo of that reply (our app id) arrives; give it time to (wrongly) open a handoff.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await Handoffs(conn).countDocuments({ contactId: 'messenger:psid-staff' })).toBe(0);

    const staffEcho = { sender: { id: PAGE_ID }, recipient: { id: 'psid-staff' }, timestamp: Date.now(), message: { is_echo: true, app_id: 263902037430900, mid: 'm_staff_1', text: 'Chào chị, em là cán bộ phòng lao động' } };
    expect((await postMessenger(base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [staffEcho]))).status).toBe(200);
    await done('messenger:staff:m_staff_1');
    expect(await Handoffs(conn).findById('messenger:psid-staff:open').lean()).toMatchObject({ status: 'open', topic: 'staff_replied' });

    const before = fakes.graph.textsTo('psid-staff').length;
    await postMessenger(base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [messengerText('psid-staff', PAGE_ID, 'm_s_2', 'cho hỏi vay vốn đi Hàn')]));
    await done('messenger:m_s_2');
    expect(fakes.graph.textsTo('psid-staff')).toHaveLength(before);
  });

  it('Zalo: an oa_send_text with admin_id starts a handoff; the echoes of our API sends do not', async () => {
    const user = '8100000000000000001';
    await postZalo(base, ZALO, zaloText(ZALO.appId, OA_ID, user, 'z-s-1', 'menu'));
    await waitFor(async () => fakes.zalo.textsTo(user).length >= 1, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await Handoffs(conn).countDocuments({ contactId: `zalo:${user}` })).toBe(0);

    const fromOaManager = { app_id: ZALO.appId, event_name: 'oa_send_text', timestamp: String(Date.now()), sender: { id: OA_ID, admin_id: '5550001112223334445' }, recipient: { id: user }, message: { msg_id: 'oa-staff-1', text: 'Cán bộ trả lời' } };
    expect((await postZalo(base, ZALO, fromOaManager)).status).toBe(200);
    await done('zalo:staff:oa-staff-1');
    expect(await Handoffs(conn).findById(`zalo:${user}:open`).lean()).toMatchObject({ status: 'open', channel: 'zalo' });
    const before = fakes.zalo.textsTo(user).length;
    await postZalo(base, ZALO, zaloText(ZALO.appId, OA_ID, user, 'z-s-2', 'vay vốn'));
    await done('zalo:z-s-2');
    expect(fakes.zalo.textsTo(user)).toHaveLength(before);
  });
});
