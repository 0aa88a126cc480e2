import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connection.ts';
import { messengerBatch, messengerText, postMessenger } from '../helpers/fakes/sign.ts';
import { testLog } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { startRestartableDb, type RestartableDb } from '../helpers/restartable-db.ts';
import { echoBot, MESSENGER, PAGE_ID, startChannelService, startFakes } from '../helpers/channels.ts';

describe('webhooks while the database is down', () => {
  let db: RestartableDb;
  let conn: Connection;
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let base: string;

  beforeAll(async () => {
    db = await startRestartableDb();
    conn = await connectDatabase(db.uri, testLog, { dbName: 'outage' });
    fakes = await startFakes();
    ({ base } = await startChannelService(conn, fakes, echoBot()));
  });
  afterAll(async () => {
    await fakes.close();
    await conn.close().catch(() => undefined);
    await db.destroy();
  });

  it('answers 503 so the platform retries, and recovers without a restart', async () => {
    const first = messengerBatch(PAGE_ID, [messengerText('psid-o', PAGE_ID, 'm_o_1', 'một')]);
    expect((await postMessenger(base, MESSENGER.appSecret, first)).status).toBe(200);
    await waitFor(async () => fakes.graph.textsTo('psid-o').length === 1, 10_000);

    await db.stop();
    const during = messengerBatch(PAGE_ID, [messengerText('psid-o', PAGE_ID, 'm_o_2', 'hai')]);
    const refused = await postMessenger(base, MESSENGER.appSecret, during);
    expect(refused.status).toBe(503);

    await db.start();
    // The platform resends the refused delivery until it is accepted.
    await waitFor(async () => (await postMessenger(base, MESSENGER.appSecret, during)).status === 200, 30_000, 500);
    await waitFor(async () => fakes.graph.textsTo('psid-o').length === 2, 15_000);
    expect(fakes.graph.textsTo('psid-o')).toEqual(['echo: một', 'echo: hai']);

    const after = messengerBatch(PAGE_ID, [messengerText('psid-o', PAGE_ID, 'm_o_3', 'ba')]);
    expect((await postMessenger(base, MESSENGER.appSecret, after)).status).toBe(200);
    await waitFor(async () => fakes.graph.textsTo('psid-o').length === 3, 15_000);
    expect(fakes.graph.textsTo('psid-o')).toEqual(['echo: một', 'echo: hai', 'echo: ba']);
  }, 120_000);
});
