import { Broadcasts } from '../../src/broadcasts/model.ts';
import { deliveryCounts } from '../../src/outbox/deliveries.ts';
import { waitFor } from '../../test/helpers/http.ts';
import { fmt, openCaseDb, type BenchCase } from '../harness.ts';
import { adminApi, manualClock, seedMessengerContacts, startInProcessService } from '../in-process.ts';
import { countPerRecipient, messengerEnv, startGraph } from '../messenger.ts';

/** Sends per second the fake Messenger allows (and the service is configured for). */
const ALLOWED_PER_SECOND = Number(process.env.BENCH_BROADCAST_RATE ?? 50);

/**
 * A staff broadcast through the admin API to PEOPLE Messenger contacts. The fake platform throttles
 * above N sends/s and the delivery worker is configured for N; ticks are driven back to back with a
 * manual clock (one tick per minute of service time). Achieved rate = messages accepted per second
 * between the first and the last, as a fraction of N.
 */
export const broadcastCase: BenchCase = {
  name: 'broadcast',
  limitMs: (env) => (env.quick ? 60_000 : 1_500_000),
  async run(env) {
    const people = env.quick ? 300 : 10_000;
    const db = await openCaseDb(env, 'broadcast');
    const graph = await startGraph();
    graph.throttle(ALLOWED_PER_SECOND);
    const clock = manualClock();
    const svc = await startInProcessService(db.conn, env.log, {
      env: messengerEnv(graph),
      clock,
      scheduler: { worker: { ratePerSecond: { messenger: ALLOWED_PER_SECOND } } },
    });
    try {
      await seedMessengerContacts(db.conn, 'bc', people, clock.now());
      const created = await adminApi(svc.base, 'POST', '/api/broadcasts', { text: { vi: 'Hội nghị tư vấn xuất khẩu lao động tại UBND xã' } });
      if (created.status !== 201) throw new Error(`POST /api/broadcasts answered ${created.status}`);
      const id = String(created.json.id);
      await waitFor(async () => (await Broadcasts(db.conn).findById(id).lean())?.audienceSize === people || undefined, 120_000, 200);

      const deadline = Date.now() + (env.quick ? 40_000 : 1_400_000);
      let ticks = 0;
      for (;;) {
        clock.advance(61_000);
        await svc.service.scheduler.runTick(clock.now());
        ticks++;
        if ((await deliveryCounts(db.conn, { kind: 'broadcast', subjectId: id })).pending === 0) break;
        if (Date.now() > deadline) throw new Error(`broadcast not finished in time: ${graph.sent.length} of ${people} sent`);
      }
      const sent = graph.sent;
      const seconds = (sent.at(-1)!.at - sent[0]!.at) / 1000;
      const rate = (sent.length - 1) / seconds;
      const perRecipient = countPerRecipient(graph);
      let duplicates = 0;
      for (const n of perRecipient.values()) duplicates += n - 1;
      const missed = people - perRecipient.size;
      const counts = await deliveryCounts(db.conn, { kind: 'broadcast', subjectId: id });
      return {
        figures: { broadcast_rate_fraction: Math.round((rate / ALLOWED_PER_SECOND) * 1000) / 1000, broadcast_duplicates: duplicates },
        rows: [
          ['recipients', fmt(people)],
          ['allowed by the platform (N)', fmt(ALLOWED_PER_SECOND, '/s')],
          ['achieved', fmt(rate, '/s')],
          ['fraction of N', fmt(rate / ALLOWED_PER_SECOND)],
          ['duplicates / missed', `${duplicates} / ${missed}`],
          ['throttled by the platform', fmt(graph.requests - sent.length)],
          ['ticks', fmt(ticks)],
          ['deliveries sent / failed', `${counts.sent} / ${counts.failed}`],
        ],
      };
    } finally {
      await svc.stop();
      await graph.close();
      await db.drop();
    }
  },
};
