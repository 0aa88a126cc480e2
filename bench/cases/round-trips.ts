import type { CommandStartedEvent } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../../src/db/connection.ts';
import { fmt, percentile, sleep, type BenchCase } from '../harness.ts';
import { startInProcessService } from '../in-process.ts';
import { messengerEnv, SAMPLE_QUESTIONS, signedHeaders, startGraph, textEventBody } from '../messenger.ts';

/** Not a wait on the database: connection handshakes and the health checks' pings. */
const NOT_ROUND_TRIPS = new Set(['ping', 'hello', 'ismaster', 'isMaster', 'buildInfo', 'endSessions']);
/** No new command for this long after the replies arrived: the turn and its tidy-up are over. */
const QUIET_MS = 600;

/**
 * The database round trips of one text turn of a returning person (webhook, bot, replies at the
 * platform and tidy-up), as test/channels/turn-round-trips.test.ts counts them: the service runs in
 * this process on a connection with the driver's command monitoring, so every command it sends is
 * seen. Background work that could fall inside a turn is switched off (no worker polling, no
 * scheduler, no retraining poll); one person at a time. The figure is the median over PEOPLE turns.
 */
export const roundTripsCase: BenchCase = {
  name: 'round_trips',
  limitMs: (env) => (env.quick ? 45_000 : 90_000),
  async run(env) {
    const conn = await connectDatabase(env.mongoUri, env.log, { dbName: `bench_rt_${randomBytes(3).toString('hex')}`, monitorCommands: true });
    const graph = await startGraph();
    const service = await startInProcessService(conn, env.log, {
      env: { ...messengerEnv(graph), TRAINING_POLL_SECONDS: '3600' },
      clock: { now: () => new Date() }, // wall time: the turn runs on real timers
      channels: { worker: { pollMs: 3_600_000 } },
    });
    const commands: string[] = [];
    conn.getClient().on('commandStarted', (e: CommandStartedEvent) => {
      if (!NOT_ROUND_TRIPS.has(e.commandName)) commands.push(`${e.commandName} ${String(e.command[e.commandName])}`);
    });
    const run = Date.now().toString(36);
    let n = 0;
    /** One message, then waits for its first reply and for the database to go quiet; its commands. */
    const turn = async (psid: string, text: string): Promise<{ commands: string[]; replies: number }> => {
      const from = commands.length;
      const sentBefore = graph.sent.filter((s) => s.recipientId === psid).length;
      const body = textEventBody(psid, `m_rt_${run}_${n++}`, text);
      const res = await fetch(`${service.base}/webhooks/messenger`, { method: 'POST', body, headers: signedHeaders(body) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      const replies = () => graph.sent.filter((s) => s.recipientId === psid).length - sentBefore;
      for (const deadline = Date.now() + 15_000; replies() === 0; await sleep(20)) {
        if (Date.now() > deadline) throw new Error('no reply within 15 s');
      }
      for (let seen = -1; seen !== commands.length; await sleep(QUIET_MS)) seen = commands.length;
      return { commands: commands.slice(from), replies: replies() };
    };
    try {
      const people = env.quick ? 3 : 10;
      const counted: { commands: string[]; replies: number }[] = [];
      for (let p = 0; p < people; p++) {
        const psid = `rt-${run}-${p}`;
        await turn(psid, 'xin chào'); // from now on a returning person
        counted.push(await turn(psid, SAMPLE_QUESTIONS[0]!));
      }
      const sorted = counted.map((t) => t.commands.length).sort((a, b) => a - b);
      const median = percentile(sorted, 50);
      const example = counted.find((t) => t.commands.length === median)!;
      const byCommand = example.commands.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
      return {
        figures: { db_round_trips_per_turn: median },
        rows: [
          ['returning people, one counted turn each', String(people)],
          ['replies per counted turn', [...new Set(counted.map((t) => t.replies))].join(', ')],
          ['round trips per turn: median (min–max)', `${fmt(median)} (${sorted[0]}–${sorted.at(-1)})`],
          ...Object.entries(byCommand).map(([c, k]): [string, string] => [`  ${c}`, String(k)]),
        ],
      };
    } finally {
      await service.stop();
      await graph.close();
      await conn.dropDatabase().catch(() => undefined);
      await conn.close().catch(() => undefined);
    }
  },
};
