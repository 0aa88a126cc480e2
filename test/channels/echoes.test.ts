import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { messengerBatch, messengerText, postMessenger, postZalo, zaloText } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { echoBot, MESSENGER, OA_ID, PAGE_ID, startChannelService, startFakes, ZALO } from '../helpers/channels.ts';

describe('platforms echoing our own messages back', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let conn: Awaited<ReturnType<typeof openTestDb>>;
  let base: string;

  beforeAll(async () => {
    conn = await openTestDb();
    fakes = await startFakes();
    ({ base } = await startChannelService(conn, fakes, echoBot()));
    fakes.graph.webhook = { base, appSecret: MESSENGER.appSecret, pageId: PAGE_ID };
    fakes.zalo.webhook = { base, appId: ZALO.appId, oaSecretKey: ZALO.oaSecretKey, oaId: OA_ID };
  });
  afterAll(async () => fakes.close());

  it('does not answer echoes, deliveries or receipts (no loop)', async () => {
    await postMessenger(base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [messengerText('psid-echo', PAGE_ID, 'm_e_1', 'alo')]));
    await postZalo(base, ZALO, zaloText(ZALO.appId, OA_ID, '8000000000000000001', 'z-e-1', 'alo'));
    await waitFor(async () => fakes.graph.textsTo('psid-echo').length === 1 && fakes.zalo.textsTo('8000000000000000001').length === 1, 10_000);
    // Echoes arrive right after each send; give them time to (wrongly) cause a second reply.
    await new Promise((r) => setTimeout(r, 1000));
    expect(fakes.graph.textsTo('psid-echo')).toEqual(['echo: alo']);
    expect(fakes.zalo.textsTo('8000000000000000001')).toEqual(['echo: alo']);
    expect(await InboxEvents(conn).countDocuments()).toBe(2);
  });
});
