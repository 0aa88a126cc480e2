import type { CommandStartedEvent } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { featureDialogs } from '../../dialogs/index.ts';
import { ConversationLeases } from '../../src/db/leases.ts';
import { forceDatabaseFlavour } from '../../src/db/flavour.ts';
import { InboxEvents, InboxPending } from '../../src/channels/inbox/models.ts';
import { messengerBatch, messengerText, postMessenger } from '../helpers/fakes/sign.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { newBot } from '../helpers/chat.ts';
import { fastChannels, MESSENGER, PAGE_ID, startChannelService, startFakes } from '../helpers/channels.ts';

/**
 * The database round trips of one text turn of a returning person, from the webhook to the last
 * reply at the platform and the tidy-up after it, counted on the service's own connection through
 * the driver's command monitoring. Each round trip is a wait on the database, so this number is
 * what a turn costs on any database (issue 16).
 */
const MAX_ROUND_TRIPS_PER_TURN = 13;

/** Round trips of the same turn on the MongoDB path (forced): no work item is written or read. */
const MAX_ROUND_TRIPS_PER_TURN_MONGODB = 11;

const fakes = await startFakes();
afterAll(async () => fakes.close());
const notRoundTrips = new Set(['ping', 'hello', 'ismaster', 'isMaster', 'buildInfo', 'endSessions']);

/** One service on its own database, counting the commands of its connection while `counting`. */
async function instrumented(force: 'mongodb' | undefined) {
  const dbName = testDbName(force ? `_${force}` : '');
  const conn = await openTestDb(dbName, { monitorCommands: true });
  if (force) forceDatabaseFlavour(conn, force);
  // The test looks at the database through its own connection, so its reads are not counted.
  const observer = await openTestDb(dbName);
  // No polling: the webhook's kick alone starts the work, so nothing else runs in the window.
  const { base } = await startChannelService(conn, fakes, newBot(conn, { featureDialogs }), { ...fastChannels, worker: { ...fastChannels.worker, pollMs: 3_600_000 } });
  const probe = { base, observer, commands: [] as string[], counting: false };
  conn.getClient().on('commandStarted', (e: CommandStartedEvent) => {
    if (probe.counting && !notRoundTrips.has(e.commandName)) probe.commands.push(`${e.commandName} ${String(e.command[e.commandName])}`);
  });
  return probe;
}
type Probe = Awaited<ReturnType<typeof instrumented>>;

let n = 0;
/** Sends one text and waits until its turn is completely finished (replies sent, lease given back). */
async function turn({ base, observer, commands }: Probe, psid: string, text: string): Promise<number> {
  const mid = `m_rt_${++n}`;
  const before = fakes.graph.sent.filter((s) => s.recipientId === psid).length;
  expect((await postMessenger(base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [messengerText(psid, PAGE_ID, mid, text)]))).status).toBe(200);
  await waitFor(async () => {
    const done = (await InboxEvents(observer).findById(`messenger:${mid}`).lean())?.status === 'done';
    const tidy = !(await InboxPending(observer).exists({ conversation: `messenger:${psid}` })) && !(await ConversationLeases(observer).exists({ _id: `messenger:${psid}` }));
    return done && tidy;
  }, 15_000);
  // Anything the worker still does after that (a last look for work) is part of the turn too.
  let seen = -1;
  await waitFor(async () => {
    const quiet = commands.length === seen;
    seen = commands.length;
    return quiet;
  }, 5000, 300);
  return fakes.graph.sent.filter((s) => s.recipientId === psid).length - before;
}

/** The round trips of a returning person's text turn with two replies, by command. */
async function measure(probe: Probe, psid: string): Promise<Record<string, number>> {
  expect(await turn(probe, psid, 'xin chào')).toBeGreaterThan(0); // now a returning person
  probe.counting = true;
  const replies = await turn(probe, psid, 'Đi Nhật Bản cần những điều kiện gì?');
  probe.counting = false;
  expect(replies).toBe(2);
  return probe.commands.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
}

describe('database round trips of one turn', () => {
  it(`a returning person's text turn with two replies costs at most ${MAX_ROUND_TRIPS_PER_TURN} round trips, webhook included`, async () => {
    const probe = await instrumented(undefined);
    const byCommand = await measure(probe, 'psid-rt');
    console.log(`round trips of one turn: ${probe.commands.length}`, byCommand);
    expect(probe.commands.length, JSON.stringify(byCommand)).toBeLessThanOrEqual(MAX_ROUND_TRIPS_PER_TURN);
  });

  it(`on the MongoDB path the same turn costs at most ${MAX_ROUND_TRIPS_PER_TURN_MONGODB}, with no work item written or read`, async () => {
    const probe = await instrumented('mongodb');
    const byCommand = await measure(probe, 'psid-rt-mongodb');
    console.log(`round trips of one turn (MongoDB path): ${probe.commands.length}`, byCommand);
    expect(probe.commands.length, JSON.stringify(byCommand)).toBeLessThanOrEqual(MAX_ROUND_TRIPS_PER_TURN_MONGODB);
    expect(probe.commands.filter((c) => c.endsWith(' inboxpendings')), JSON.stringify(byCommand)).toEqual([]);
    expect(await InboxPending(probe.observer).countDocuments()).toBe(0);
    // The work list's reads went to the events themselves.
    expect(byCommand['find inboxevents'], JSON.stringify(byCommand)).toBe(1);
  });
});
