import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contacts } from '../../src/domain/contacts.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { messengerBatch, messengerText, postMessenger, signMessenger } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { echoBot, MESSENGER, PAGE_ID, startChannelService, startFakes } from '../helpers/channels.ts';

describe('Messenger webhook', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let base: string;
  let svc: Awaited<ReturnType<typeof startChannelService>>;
  let conn: Awaited<ReturnType<typeof openTestDb>>;
  const seen: string[] = [];

  beforeAll(async () => {
    conn = await openTestDb();
    fakes = await startFakes();
    svc = await startChannelService(conn, fakes, echoBot(seen));
    base = svc.base;
  });
  afterAll(async () => fakes.close());

  it('answers the verify handshake only with the right token', async () => {
    const ok = await fetch(`${base}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${MESSENGER.verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${base}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444`);
    expect(bad.status).toBe(403);
  });

  it('a signed text message gets exactly one reply, even when delivered twice', async () => {
    const body = messengerBatch(PAGE_ID, [messengerText('psid-1', PAGE_ID, 'm_text_1', 'Xin chào, cho hỏi đi Nhật')]);
    expect((await postMessenger(base, MESSENGER.appSecret, body)).status).toBe(200);
    expect((await postMessenger(base, MESSENGER.appSecret, body)).status).toBe(200);
    await waitFor(async () => fakes.graph.textsTo('psid-1').length >= 1, 10_000);
    // Give a second (wrong) reply the chance to arrive before counting.
    await waitFor(async () => (await InboxEvents(conn).findById('messenger:m_text_1').lean())?.status === 'done', 5000);
    expect(fakes.graph.textsTo('psid-1')).toEqual(['echo: Xin chào, cho hỏi đi Nhật']);
    expect(fakes.graph.sent.find((s) => s.recipientId === 'psid-1')?.messagingType).toBe('RESPONSE');
  });

  it('creates the contact on the first message, with the name from the profile API', async () => {
    fakes.graph.profiles.set('psid-2', { first_name: 'Hoàng', last_name: 'Thị Mai' });
    const at = Date.UTC(2026, 10, 20, 3, 0, 0);
    await postMessenger(base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [messengerText('psid-2', PAGE_ID, 'm_text_2', 'Chào', at)]));
    const contact = await waitFor(async () => Contacts(conn).findById('messenger:psid-2').lean().then((c) => (c?.displayName ? c : undefined)), 10_000);
    expect(contact).toMatchObject({ channel: 'messenger', userId: 'psid-2', displayName: 'Hoàng Thị Mai', language: 'vi' });
    expect(contact.lastInboundAt.getTime()).toBe(at);
    expect(contact.firstInboundAt.getTime()).toBe(at);
  });

  it('refuses a wrong or missing signature with 403 and stores nothing', async () => {
    const body = messengerBatch(PAGE_ID, [messengerText('psid-3', PAGE_ID, 'm_forged', 'forged')]);
    const wrong = await postMessenger(base, MESSENGER.appSecret, body, signMessenger('something else', MESSENGER.appSecret));
    expect(wrong.status).toBe(403);
    const missing = await fetch(`${base}/webhooks/messenger`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(403);
    expect(await InboxEvents(conn).findById('messenger:m_forged').lean()).toBeNull();
    expect(await Contacts(conn).findById('messenger:psid-3').lean()).toBeNull();
  });

  it('checks the signature over the raw bytes: escaped Vietnamese is verified as sent', async () => {
    const res = await postMessenger(base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [messengerText('psid-4', PAGE_ID, 'm_vi', 'Tôi muốn đăng ký hội nghị')]));
    expect(res.status).toBe(200);
    await waitFor(async () => fakes.graph.textsTo('psid-4').length === 1, 10_000);
    expect(fakes.graph.textsTo('psid-4')).toEqual(['echo: Tôi muốn đăng ký hội nghị']);
  });

  it('answers 200 to a signed body it does not understand, and stores nothing', async () => {
    const before = await InboxEvents(conn).countDocuments();
    const res = await postMessenger(base, MESSENGER.appSecret, { object: 'instagram', entry: 'nonsense' });
    expect(res.status).toBe(200);
    expect(await InboxEvents(conn).countDocuments()).toBe(before);
  });

  it('refuses an oversized body with 413', async () => {
    const big = messengerBatch(PAGE_ID, [messengerText('psid-5', PAGE_ID, 'm_big', 'x'.repeat(400_000))]);
    const res = await postMessenger(base, MESSENGER.appSecret, big);
    expect(res.status).toBe(413);
    expect(await InboxEvents(conn).findById('messenger:m_big').lean()).toBeNull();
  });

  it('turns Get Started into an event and a quick-reply tap into its payload', async () => {
    const now = Date.now();
    await postMessenger(
      base,
      MESSENGER.appSecret,
      messengerBatch(PAGE_ID, [
        { sender: { id: 'psid-6' }, recipient: { id: PAGE_ID }, timestamp: now, postback: { mid: 'm_gs', title: 'Bắt đầu', payload: 'GET_STARTED' } },
        { sender: { id: 'psid-6' }, recipient: { id: PAGE_ID }, timestamp: now + 1, message: { mid: 'm_qr', text: 'Nhật Bản', quick_reply: { payload: 'markets.japan' } } },
        { sender: { id: PAGE_ID }, recipient: { id: 'psid-6' }, timestamp: now + 2, message: { mid: 'm_echo', text: 'old', is_echo: true, app_id: 1 } },
      ]),
    );
    await waitFor(async () => fakes.graph.textsTo('psid-6').length >= 2, 10_000);
    expect(fakes.graph.textsTo('psid-6')).toEqual(['event: getStarted', 'echo: markets.japan']);
    expect(await InboxEvents(conn).findById('messenger:m_echo').lean()).toBeNull();
  });

  it('counts webhook events on /metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/channel_webhook_events_total\{channel="messenger",result="rejected"\} [1-9]/);
    expect(text).toMatch(/channel_webhook_events_total\{channel="messenger",result="duplicate"\} [1-9]/);
    expect(text).toMatch(/channel_replies_total\{channel="messenger",result="sent"\} [1-9]/);
  });

  it('forgets handled events after a week, but never pending ones', async () => {
    await InboxEvents(conn).create({ _id: 'messenger:m_still_pending', channel: 'messenger', conversation: 'messenger:x', occurredAt: 1, status: 'pending', event: '{}', notBefore: Date.now() + 3_600_000 });
    expect(await InboxEvents(conn).findById('messenger:m_text_1').lean()).not.toBeNull();
    await svc.channels.worker.purge(Date.now() + 8 * 24 * 3_600_000);
    expect(await InboxEvents(conn).findById('messenger:m_text_1').lean()).toBeNull();
    expect(await InboxEvents(conn).findById('messenger:m_still_pending').lean()).not.toBeNull();
  });
});
