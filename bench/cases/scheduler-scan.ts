import { DeliveryClaims } from '../../src/outbox/claims.ts';
import { Deliveries, deliveryDocument } from '../../src/outbox/deliveries.ts';
import { insertAgendaFor, PlacementAgenda } from '../../src/domain/placements/agenda.ts';
import { Placements } from '../../src/domain/placements/model.ts';
import { fmt, openCaseDb, percentile, type BenchCase } from '../harness.ts';
import { manualClock, seedMessengerContacts, startInProcessService } from '../in-process.ts';
import { messengerEnv, startGraph } from '../messenger.ts';

const COUNTRIES: [string, string][] = [
  ['Japan', 'Asia/Tokyo'],
  ['Korea', 'Asia/Seoul'],
  ['Taiwan', 'Asia/Taipei'],
  ['China', 'Asia/Shanghai'],
];

/** Workers abroad whose next nudge is days to years away: the tick must find that nothing is due, fast. */
async function seedPlacements(conn: Parameters<typeof Placements>[0], count: number, now: Date): Promise<void> {
  for (let from = 0; from < count; from += 1000) {
    const docs = Array.from({ length: Math.min(1000, count - from) }, (_, k) => {
      const i = from + k;
      const [country, timeZone] = COUNTRIES[i % COUNTRIES.length]!;
      // First nudges (90 days before the end) from 10 days to two years away: a few hundred fall
      // within the near agenda's three weeks, none within a tick's early-send allowance.
      const contractEnd = new Date(now.getTime() + (100 + (i % 730)) * 86_400_000);
      return {
        contactId: `messenger:sched${String(i).padStart(6, '0')}`,
        country,
        timeZone,
        contractEnd,
        contractEndYear: contractEnd.getUTCFullYear(),
        consent: { version: 'bench', at: now, channel: 'messenger' },
        registeredBy: 'self',
        status: 'abroad' as const,
        planVersion: 1,
        nudgeStep: 0,
        nextNudgeAt: new Date(contractEnd.getTime() - 90 * 86_400_000),
        createdAt: now,
        updatedAt: now,
      };
    });
    await Placements(conn).collection.insertMany(docs, { ordered: false });
    await insertAgendaFor(conn, docs, now);
  }
}

/**
 * A year of messages already sent: settled broadcast deliveries (history the worker must not read
 * every tick) and the closed send claims of the last day (older ones the daily job prunes).
 */
async function seedDeliveryHistory(conn: Parameters<typeof Deliveries>[0], deliveries: number, claims: number, now: Date): Promise<void> {
  const sentAt = new Date(now.getTime() - 30 * 86_400_000);
  for (let from = 0; from < deliveries; from += 5000) {
    const docs = Array.from({ length: Math.min(5000, deliveries - from) }, (_, k) => {
      const i = from + k;
      const pending = deliveryDocument({
        kind: 'broadcast',
        subjectId: `b${i % 20}`,
        contactId: `messenger:sched${String(i).padStart(6, '0')}`,
        occurrence: 'v1',
        dueAt: sentAt,
        purpose: 'broadcast',
        text: { vi: 'Thông báo: hội nghị tuyển lao động đi làm việc ở nước ngoài theo hợp đồng tại nhà văn hoá xã.' },
      });
      return { ...pending, status: 'sent', attempts: 1, sentAt, settledAt: sentAt, createdAt: sentAt, updatedAt: sentAt };
    });
    await Deliveries(conn).collection.insertMany(docs as never[], { ordered: false });
    const recent = docs.slice(0, Math.max(0, Math.min(docs.length, claims - from)));
    const yesterday = new Date(now.getTime() - 86_400_000);
    if (recent.length) {
      await DeliveryClaims(conn).collection.insertMany(
        recent.map((d) => ({ _id: `${d._id}#1`, deliveryId: d._id, attempt: 1, owner: 'bench', at: yesterday, expiresAt: yesterday, open: false, outcome: 'sent' })) as never[],
        { ordered: false },
      );
    }
  }
}

/**
 * One scheduler tick (every job's "what is due?" query, then the delivery worker's) over 100,000
 * contacts, 20,000 placements and 100,000 messages already sent, run in process with a manual
 * clock. Median of several ticks after a first one that also runs the daily jobs.
 */
export const schedulerScanCase: BenchCase = {
  name: 'scheduler_scan',
  limitMs: (env) => (env.quick ? 40_000 : 400_000),
  async run(env) {
    const contacts = env.quick ? 5_000 : 100_000;
    const placements = env.quick ? 1_000 : 20_000;
    const history = env.quick ? 5_000 : 100_000;
    const recentClaims = env.quick ? 500 : 5_000;
    const db = await openCaseDb(env, 'sched');
    const graph = await startGraph();
    const clock = manualClock();
    const svc = await startInProcessService(db.conn, env.log, { env: messengerEnv(graph), clock });
    try {
      await seedMessengerContacts(db.conn, 'sched', contacts, clock.now());
      await seedPlacements(db.conn, placements, clock.now());
      await seedDeliveryHistory(db.conn, history, recentClaims, clock.now());
      const times: number[] = [];
      let firstMs = 0;
      for (let i = 0; i < (env.quick ? 3 : 5); i++) {
        clock.advance(61_000);
        const t0 = performance.now();
        const report = await svc.service.scheduler.runTick(clock.now());
        const ms = performance.now() - t0;
        if (!report.ran) throw new Error('the tick did not run (lease not taken)');
        if (i === 0) firstMs = ms;
        else times.push(ms);
      }
      times.sort((a, b) => a - b);
      const nearAgenda = await PlacementAgenda(db.conn).countDocuments();
      const median = percentile(times, 50);
      return {
        figures: { scheduler_scan_ms: Math.round(median) },
        rows: [
          ['contacts / placements', `${fmt(contacts)} / ${fmt(placements)}`],
          ['messages already sent / claims of the last day', `${fmt(history)} / ${fmt(recentClaims)}`],
          ['placements in the near agenda (next 3 weeks)', fmt(nearAgenda)],
          ['first tick (with daily jobs)', fmt(Math.round(firstMs), 'ms')],
          ['tick, median of the next', fmt(Math.round(median), 'ms')],
          ['tick, slowest of the next', fmt(Math.round(times.at(-1)!), 'ms')],
          ['messages sent (nothing was due)', fmt(graph.sent.length)],
        ],
      };
    } finally {
      await svc.stop();
      await graph.close();
      await db.drop();
    }
  },
};
