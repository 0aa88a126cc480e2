import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { messengerBatch, messengerText, postMessenger, postZalo, zaloText } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { startTestService } from '../helpers/service.ts';
import { channelEnv, fastChannels, MESSENGER, OA_ID, PAGE_ID, startFakes, ZALO } from '../helpers/channels.ts';

describe('the whole service with the real bot', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let conn: Awaited<ReturnType<typeof openTestDb>>;
  let base: string;

  beforeAll(async () => {
    conn = await openTestDb();
    fakes = await startFakes();
    ({ base } = await startTestService(conn, { env: channelEnv(fakes.graph, fakes.zalo), channels: fastChannels }));
  });
  afterAll(async () => fakes.close());

  it('answers a Messenger greeting once, as a response, and ignores a repeated delivery', async () => {
    const body = messengerBatch(PAGE_ID, [messengerText('psid-real', PAGE_ID, 'm_real_1', 'xin chào')]);
    expect((await postMessenger(base, MESSENGER.appSecret, body)).status).toBe(200);
    await waitFor(async () => (await InboxEvents(conn).findById('messenger:m_real_1').lean())?.status === 'done', 20_000);
    const replies = fakes.graph.sent.filter((s) => s.recipientId === 'psid-real');
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.messagingType === 'RESPONSE' && (r.message.text ?? '').length > 0)).toBe(true);

    expect((await postMessenger(base, MESSENGER.appSecret, body)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(fakes.graph.sent.filter((s) => s.recipientId === 'psid-real')).toHaveLength(replies.length);
  });

  it('answers a Zalo text through the same bot', async () => {
    expect((await postZalo(base, ZALO, zaloText(ZALO.appId, OA_ID, '7000000000000000001', 'real-z-1', 'xin chào'))).status).toBe(200);
    await waitFor(async () => (await InboxEvents(conn).findById('zalo:real-z-1').lean())?.status === 'done', 20_000);
    expect(fakes.zalo.textsTo('7000000000000000001').length).toBeGreaterThan(0);
  });
});
