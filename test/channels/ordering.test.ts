import type { TurnContext } from 'botbuilder-core';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotLogic } from '../../src/conversation/types.ts';
import { InboxPending } from '../../src/channels/inbox/models.ts';
import { forceDatabaseFlavour } from '../../src/db/flavour.ts';
import { messengerBatch, messengerText, postMessenger } from '../helpers/fakes/sign.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { fastChannels, MESSENGER, PAGE_ID, startChannelService, startFakes, type ChannelInstance } from '../helpers/channels.ts';

// As detected (FerretDB in this suite: work items in a side collection), and on the MongoDB path
// (forced: the pending events themselves are the work list, nothing else written).
describe.each([
  { path: 'as detected', force: false },
  { path: 'forced MongoDB path', force: true },
])('one conversation across two service copies ($path)', ({ force }) => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let a: ChannelInstance;
  let b: ChannelInstance;
  let connA: Connection;
  let connB: Connection;
  const seen: string[] = [];
  let active = 0;
  let maxActive = 0;

  // Slow turns that notice when two run at once for the same person.
  const slowBot: BotLogic = async (turn: TurnContext) => {
    active++;
    maxActive = Math.max(maxActive, active);
    seen.push(turn.activity.text ?? '');
    await new Promise((r) => setTimeout(r, 120));
    await turn.sendActivity(`echo: ${turn.activity.text ?? ''}`);
    active--;
  };

  beforeAll(async () => {
    const dbName = testDbName(force ? '_mongodb' : '');
    connA = await openTestDb(dbName);
    connB = await openTestDb(dbName);
    if (force) for (const conn of [connA, connB]) forceDatabaseFlavour(conn, 'mongodb');
    fakes = await startFakes();
    // Only the kick after each stored webhook starts work, so a batch is fully stored before processing.
    const options = { ...fastChannels, worker: { ...fastChannels.worker, pollMs: 60_000 } };
    a = await startChannelService(connA, fakes, slowBot, options);
    b = await startChannelService(connB, fakes, slowBot, options);
  });
  afterAll(async () => fakes.close());

  it('processes a batch delivered out of order in timestamp order', async () => {
    const t = Date.now();
    const batch = messengerBatch(PAGE_ID, [
      messengerText('psid-ord', PAGE_ID, 'm_ord_3', 'ba', t + 2),
      messengerText('psid-ord', PAGE_ID, 'm_ord_1', 'một', t),
      messengerText('psid-ord', PAGE_ID, 'm_ord_2', 'hai', t + 1),
    ]);
    expect((await postMessenger(a.base, MESSENGER.appSecret, batch)).status).toBe(200);
    await waitFor(async () => fakes.graph.textsTo('psid-ord').length === 3, 15_000);
    expect(seen).toEqual(['một', 'hai', 'ba']);
    expect(fakes.graph.textsTo('psid-ord')).toEqual(['echo: một', 'echo: hai', 'echo: ba']);
  });

  it('never runs two turns of one person at once, even when both copies receive their events', async () => {
    seen.length = 0;
    maxActive = 0;
    const t = Date.now();
    const words = ['1', '2', '3', '4', '5', '6'];
    for (const [i, w] of words.entries()) {
      const target = i % 2 === 0 ? a : b;
      const res = await postMessenger(target.base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [messengerText('psid-ser', PAGE_ID, `m_ser_${w}`, w, t + i)]));
      expect(res.status).toBe(200);
    }
    await waitFor(async () => fakes.graph.textsTo('psid-ser').length === words.length, 20_000);
    expect(maxActive).toBe(1);
    expect(seen).toEqual(words);
    expect(fakes.graph.textsTo('psid-ser')).toEqual(words.map((w) => `echo: ${w}`));
    // No work item is left behind (on the MongoDB path none was ever written: see turn-round-trips).
    await waitFor(async () => (await InboxPending(connA).countDocuments()) === 0, 5000);
  });
});
