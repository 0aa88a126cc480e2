import { afterAll, describe, expect, it } from 'vitest';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { messengerJson, postMessenger, postZalo, signMessenger } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { echoBot, MESSENGER, OA_ID, PAGE_ID, startChannelService, startFakes, ZALO } from '../helpers/channels.ts';

/**
 * Bodies in the shapes the platforms publish (our own fixtures, written from the field lists in
 * docs/platforms.md A4.1 and B4.2, not copied): each is answered 200 and the person gets an answer.
 */
const conn = await openTestDb();
const fakes = await startFakes();
afterAll(async () => fakes.close());
const seen: string[] = [];
const svc = await startChannelService(conn, fakes, echoBot(seen));

const now = Date.now();
const messengerSamples: Record<string, object> = {
  text: { message: { mid: 'm_sample_text', text: 'Cho hỏi lịch tư vấn đi Hàn' } },
  'quick reply': { message: { mid: 'm_sample_qr', text: 'Đăng ký', quick_reply: { payload: 'REGISTER' } } },
  attachment: { message: { mid: 'm_sample_img', attachments: [{ type: 'image', payload: { url: 'https://example.invalid/anh.jpg' } }] } },
  postback: { postback: { mid: 'm_sample_pb', title: 'Bắt đầu', payload: 'GET_STARTED', referral: { ref: 'poster-xa', source: 'SHORTLINK', type: 'OPEN_THREAD' } } },
};

describe('Messenger sample bodies', () => {
  it.each(Object.entries(messengerSamples))('%s: 200, and answered', async (_kind, item) => {
    const psid = `sample-${Object.keys(messengerSamples).indexOf(_kind)}`;
    // One batch as Meta sends it, with a numeric page id in the entry and a receipt alongside.
    const body = {
      object: 'page',
      entry: [{ id: Number(PAGE_ID), time: now, messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: now, ...item }, { sender: { id: psid }, recipient: { id: PAGE_ID }, delivery: { mids: ['m_x'], watermark: now } }] }],
    };
    expect((await postMessenger(svc.base, MESSENGER.appSecret, body)).status).toBe(200);
    await waitFor(async () => fakes.graph.textsTo(psid).length > 0, 10_000);
  });

  it('refuses a signature with anything after its 64 hex digits (403, nothing stored)', async () => {
    const raw = messengerJson({ object: 'page', entry: [{ id: PAGE_ID, time: now, messaging: [{ sender: { id: 'sig-x' }, recipient: { id: PAGE_ID }, timestamp: now, message: { mid: 'm_sig_zz', text: 'x' } }] }] });
    const res = await fetch(`${svc.base}/webhooks/messenger`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': `${signMessenger(raw, MESSENGER.appSecret)}zz` } });
    expect(res.status).toBe(403);
    expect(await InboxEvents(conn).countDocuments({ _id: { $regex: 'm_sig_zz' } })).toBe(0);
  });
});

const zaloSamples: Record<string, Record<string, unknown>> = {
  user_send_text: { sender: { id: '7200000000000000001' }, recipient: { id: OA_ID }, message: { msg_id: 'z_sample_text', text: 'Cho hỏi vay vốn' } },
  user_send_image: { sender: { id: '7200000000000000002' }, recipient: { id: OA_ID }, message: { msg_id: 'z_sample_img', text: '', attachments: [{ type: 'image', payload: { url: 'https://example.invalid/a.jpg', thumbnail: 'https://example.invalid/t.jpg' } }] } },
  user_send_location: { sender: { id: '7200000000000000003' }, recipient: { id: OA_ID }, message: { msg_id: 'z_sample_loc', attachments: [{ type: 'location', payload: { coordinates: { latitude: '21.9', longitude: '106.3' } } }] } },
  user_send_sticker: { sender: { id: '7200000000000000004' }, recipient: { id: OA_ID }, message: { msg_id: 'z_sample_stk', attachments: [{ type: 'sticker', payload: { id: 'abc', url: 'https://example.invalid/s.png' } }] } },
  follow: { oa_id: OA_ID, follower: { id: '7200000000000000005' }, source: 'oa_profile', user_id_by_app: '5550001112223334445' },
  user_submit_info: { sender: { id: '7200000000000000006' }, recipient: { id: OA_ID }, info: { name: 'Nông Văn Dũng', phone: 84386123456, address: null } },
};

describe('Zalo sample bodies', () => {
  it.each(Object.entries(zaloSamples))('%s: 200, and answered', async (eventName, fields) => {
    const user = ((fields.sender ?? fields.follower) as { id: string }).id;
    const event = { app_id: ZALO.appId, user_id_by_app: '5550001112223334445', event_name: eventName, timestamp: String(Date.now()), ...fields };
    expect((await postZalo(svc.base, ZALO, event)).status).toBe(200);
    await waitFor(async () => fakes.zalo.textsTo(user).length > 0, 10_000);
  });

  it('receipts and events not for the bot: 200, nothing stored to answer', async () => {
    // Events are stored before the 200: had any been taken for a message, it would be here now.
    const before = await InboxEvents(conn).countDocuments();
    for (const event of [
      { event_name: 'user_received_message', sender: { id: OA_ID }, recipient: { id: '7200000000000000009' }, message: { msg_id: 'oa_1' } },
      { event_name: 'user_seen_message', sender: { id: OA_ID }, recipient: { id: '7200000000000000009' }, message: { msg_ids: ['oa_1'] } },
      { event_name: 'add_user_to_tag', oa_id: OA_ID, user_id: '7200000000000000009', tag_name: 'x' },
    ]) {
      expect((await postZalo(svc.base, ZALO, { app_id: ZALO.appId, timestamp: String(Date.now()), ...event })).status).toBe(200);
    }
    expect(await InboxEvents(conn).countDocuments()).toBe(before);
  });
});
