import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { TurnContext } from 'botbuilder-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { forceDatabaseFlavour } from '../../src/db/flavour.ts';
import { messengerBatch, messengerText, postMessenger } from '../helpers/fakes/sign.ts';
import { openTestDb, testDbName, testMongoUri } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { channelEnv, echoBot, MESSENGER, PAGE_ID, startChannelService, startFakes } from '../helpers/channels.ts';

const children: ChildProcess[] = [];

/** Starts the crashing copy as its own process and waits until it listens. */
async function startCrashingCopy(env: Record<string, string>, crashAt: 'turn' | 'delivery' | 'claimed' | 'sent', dbName: string, force: boolean) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/channels/fixtures/crashing-instance.ts'], {
    env: { ...process.env, ...env, CRASH_AT: crashAt, MONGODB_URI: testMongoUri(), DB_NAME: dbName, ...(force ? { FORCE_DATABASE_FLAVOUR: 'mongodb' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const port = await waitFor(async () => /PORT=(\d+)/.exec(out)?.[1], 30_000);
  return { base: `http://127.0.0.1:${port}`, exited, output: () => out };
}

// As detected (FerretDB in this suite: work items in a side collection), and on the MongoDB path
// (forced in both copies: the pending events themselves are the work list).
describe.each([
  { path: 'as detected', force: false },
  { path: 'forced MongoDB path', force: true },
])('a copy that dies between storing an event and replying ($path)', ({ force }) => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let conn: Awaited<ReturnType<typeof openTestDb>>;
  const dbName = testDbName(force ? '_mongodb' : '');
  const ranOnB: string[] = [];

  beforeAll(async () => {
    conn = await openTestDb(dbName);
    if (force) forceDatabaseFlavour(conn, 'mongodb');
    fakes = await startFakes();
  });
  /** Copy B: records what its bot was asked and answers "B: …". */
  const startRecordingCopy = () => {
    ranOnB.length = 0;
    return startChannelService(conn, fakes, async (turn: TurnContext) => {
      ranOnB.push(turn.activity.text ?? '');
      await turn.sendActivity(`B: ${turn.activity.text ?? ''}`);
    });
  };

  /** Copy A takes one message and dies at `moment` with `exitCode`. */
  const crashOn = async (moment: 'turn' | 'delivery' | 'claimed' | 'sent', psid: string, mid: string, text: string, exitCode: number, before?: (base: string) => Promise<void>) => {
    const a = await startCrashingCopy(channelEnv(fakes.graph, fakes.zalo), moment, dbName, force);
    await before?.(a.base);
    const res = await postMessenger(a.base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [messengerText(psid, PAGE_ID, mid, text)]));
    expect(res.status).toBe(200);
    const [code] = await a.exited;
    expect(code).toBe(exitCode);
  };

  afterAll(async () => {
    // A copy that failed to crash as planned must not outlive the test.
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await fakes.close();
  });

  it('dies inside the turn: the event stays pending and a new copy answers it exactly once', async () => {
    await crashOn('turn', 'psid-crash-1', 'm_crash_1', 'còn chỗ không?', 70);
    expect(fakes.graph.textsTo('psid-crash-1')).toEqual([]);
    expect((await InboxEvents(conn).findById('messenger:m_crash_1').lean())?.status).toBe('pending');

    const b = await startRecordingCopy();
    await waitFor(async () => (await InboxEvents(conn).findById('messenger:m_crash_1').lean())?.status === 'done', 15_000);
    expect(fakes.graph.textsTo('psid-crash-1')).toEqual(['B: còn chỗ không?']);
    await b.stop();
  }, 90_000);

  it('dies after storing the replies: a new copy sends the stored replies once, without running the bot again', async () => {
    await crashOn('delivery', 'psid-crash-2', 'm_crash_2', 'lịch hội nghị', 71);
    expect(fakes.graph.textsTo('psid-crash-2')).toEqual([]);

    const b = await startRecordingCopy();
    await waitFor(async () => (await InboxEvents(conn).findById('messenger:m_crash_2').lean())?.status === 'done', 15_000);
    expect(fakes.graph.textsTo('psid-crash-2')).toEqual(['A: lịch hội nghị']);
    expect(ranOnB).toEqual([]);
    await b.stop();
  }, 90_000);

  it('dies between claiming a reply and sending it: the platform never confirmed it, so the new copy sends it once', async () => {
    await crashOn('claimed', 'psid-crash-3', 'm_crash_3', 'phí đi Hàn', 72, async (base) => {
      // The Page is subscribed to message_echoes: an earlier reply's echo came back with its tag.
      const earlier = await postMessenger(base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [ourEcho('psid-crash-0', `m_earlier${dbName}`)]));
      expect(earlier.status).toBe(200);
    });
    expect(fakes.graph.textsTo('psid-crash-3')).toEqual([]);

    const b = await startRecordingCopy();
    fakes.graph.webhook = { base: b.base, appSecret: MESSENGER.appSecret, pageId: PAGE_ID };
    await waitFor(async () => (await InboxEvents(conn).findById('messenger:m_crash_3').lean())?.status === 'done', 30_000);
    expect(fakes.graph.textsTo('psid-crash-3')).toEqual(['A: phí đi Hàn']);
    expect(ranOnB).toEqual([]);
    fakes.graph.webhook = undefined;
    await b.stop();
  }, 90_000);

  it('dies right after the platform took a reply: its echo comes back and the new copy does not send it again', async () => {
    await crashOn('sent', 'psid-crash-4', 'm_crash_4', 'vay vốn', 73, async (base) => {
      fakes.graph.webhook = { base, appSecret: MESSENGER.appSecret, pageId: PAGE_ID };
    });
    expect(fakes.graph.textsTo('psid-crash-4')).toEqual(['A: vay vốn']);

    // Restarted behind the same webhook address: the platform's retried echo reaches the new copy.
    const b = await startChannelService(conn, fakes, echoBot());
    fakes.graph.webhook = { base: b.base, appSecret: MESSENGER.appSecret, pageId: PAGE_ID };
    await waitFor(async () => (await InboxEvents(conn).findById('messenger:m_crash_4').lean())?.status === 'done', 30_000);
    expect(fakes.graph.textsTo('psid-crash-4')).toEqual(['A: vay vốn']);
    fakes.graph.webhook = undefined;
    await b.stop();
  }, 90_000);
});

/** An echo of one of our tagged replies, as Meta sends it in message_echoes. */
function ourEcho(psid: string, mid: string) {
  return {
    sender: { id: PAGE_ID },
    recipient: { id: psid },
    timestamp: Date.now(),
    message: { is_echo: true, app_id: 1234567890, metadata: `bot-send:messenger:${mid}#0/0`, mid: `m_echo_${mid}`, text: 'Xin chào' },
  };
}
