import type { Activity } from 'botbuilder-core';
import type { Connection } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { InboxEvents, InboxPending } from '../../src/channels/inbox/models.ts';
import { storeEvents } from '../../src/channels/inbox/store.ts';
import { InboxWorker, type EventHandler, type PreparedTurn } from '../../src/channels/inbox/worker.ts';
import type { InboundEvent } from '../../src/channels/inbox/event.ts';
import { forceDatabaseFlavour } from '../../src/db/flavour.ts';
import { openTestDb, testDbName, testLog } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';

/**
 * The inbox worker's protocol on the MongoDB path of the database seam (forced against the suite's
 * FerretDB): a failed attempt and a stop mid-turn are recorded on the InboxEvent itself and read back
 * from it by the next attempt, and no work item is ever written.
 */
const event = (key: string, text: string, occurredAt: number, userId = 'psid-wm'): InboundEvent => ({
  channel: 'messenger',
  key,
  accountId: 'page-1',
  userId,
  kind: 'text',
  text,
  occurredAt,
  interaction: true,
});
const CONVERSATION = 'messenger:psid-wm';
const prepared = { language: 'vi', contact: {} } as PreparedTurn;

/** A handler that records turns and sends, failing or holding where a test asks. */
function recordingHandler(opts: { failFirstTurnOf?: string; holdDelivery?: Promise<void> } = {}) {
  const turns: string[] = [];
  const sent: string[] = [];
  let failed = false;
  const handler: EventHandler = {
    prepare: async () => prepared,
    async runTurn(e) {
      const text = e.kind === 'text' ? (e.text ?? '') : '';
      if (text === opts.failFirstTurnOf && !failed) {
        failed = true;
        throw new Error('bot failed once');
      }
      turns.push(text);
      return [{ text: `${text}/1` }, { text: `${text}/2` }] satisfies Partial<Activity>[];
    },
    async deliver(_e, reply) {
      if (opts.holdDelivery) await opts.holdDelivery;
      sent.push(reply.text ?? '');
      return ['mid'];
    },
  };
  return { handler, turns, sent };
}

describe('the inbox worker on the MongoDB path (forced)', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openTestDb(testDbName('_mongodb'));
    forceDatabaseFlavour(conn, 'mongodb');
  });

  it('records a failed attempt on the event and retries it once its delay has passed', async () => {
    const t = Date.now();
    await storeEvents(conn, [event('m_w1', 'một', t), event('m_w2', 'hai', t + 1)]);
    const { handler, turns, sent } = recordingHandler({ failFirstTurnOf: 'một' });
    const worker = new InboxWorker(conn, { messenger: handler }, testLog, { pollMs: 100, retryDelayMs: 300 });
    worker.start();
    try {
      await waitFor(async () => (await InboxEvents(conn).findById('messenger:m_w1').lean())?.attempts === 1, 5000);
      const failed = await InboxEvents(conn).findById('messenger:m_w1').lean();
      expect(failed).toMatchObject({ status: 'pending', lastError: 'bot failed once' });
      expect(failed!.notBefore).toBeGreaterThan(t);
      await waitFor(async () => (await InboxEvents(conn).countDocuments({ conversation: CONVERSATION, status: 'done' })) === 2, 10_000);
    } finally {
      await worker.stop();
    }
    // Each turn ran once when it succeeded, and each reply was sent once.
    expect([...turns].sort()).toEqual(['hai', 'một']);
    expect([...sent].sort()).toEqual(['hai/1', 'hai/2', 'một/1', 'một/2']);
    expect(await InboxEvents(conn).findById('messenger:m_w1').lean()).toMatchObject({ status: 'done', attempts: 1, lastError: 'bot failed once' });
    expect(await InboxPending(conn).countDocuments()).toBe(0);
  });

  it('a stop mid-turn marks the event started; the next worker sends the stored replies without running the bot again', async () => {
    await storeEvents(conn, [event('m_w3', 'ba', Date.now(), 'psid-wm-stop')]);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = recordingHandler({ holdDelivery: held });
    const worker = new InboxWorker(conn, { messenger: first.handler }, testLog, { pollMs: 60_000 });
    worker.start();
    await waitFor(async () => (await InboxEvents(conn).db.collection('turnoutcomes').findOne({ _id: 'messenger:m_w3' as never })) !== null, 5000);
    const stopping = worker.stop();
    release();
    await stopping;
    expect(first.sent).toEqual(['ba/1']);
    expect(await InboxEvents(conn).findById('messenger:m_w3').lean()).toMatchObject({ status: 'pending', started: true });

    const second = recordingHandler();
    const next = new InboxWorker(conn, { messenger: second.handler }, testLog, { pollMs: 100 });
    next.start();
    try {
      await waitFor(async () => (await InboxEvents(conn).findById('messenger:m_w3').lean())?.status === 'done', 5000);
    } finally {
      await next.stop();
    }
    expect(second.turns).toEqual([]);
    expect(second.sent).toEqual(['ba/2']);
    expect(await InboxPending(conn).countDocuments()).toBe(0);
  });
});
