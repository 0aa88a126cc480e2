import { describe, expect, it } from 'vitest';
import { Broadcasts } from '../../src/broadcasts/model.ts';
import { deliveryCounts, Deliveries } from '../../src/outbox/deliveries.ts';
import { startFakeGraph } from '../helpers/fakes/graph.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { api, startTestService } from '../helpers/service.ts';
import { MESSENGER_SECRET, messengerEnv, seedContacts, testClock } from '../helpers/console-fixtures.ts';

const PEOPLE = 2000;
const PLATFORM_LIMIT_PER_SECOND = 100;

/**
 * A broadcast to 2,000 people through a fake Messenger that throttles at 100 sends per second of
 * its clock (the test clock, which moves a minute per scheduler tick, so each tick meets the limit
 * deterministically): the worker must back off on the platform's 613 answers and still reach everyone. Half-way, the
 * first copy of the service is stopped hard (its database connection destroyed mid-send, as when
 * the process is killed); a second copy on the same database finishes the rest. Nobody may get
 * the notice twice, and nobody may miss it: the sends in flight at the crash are settled by the
 * platform's echoes (src/outbox/receipts.ts).
 *
 * Slow on FerretDB (every delivery is several single-document writes, ~10–90 ms each there):
 * minutes, not seconds — hence a fault drill (`npm run test:faults`), not part of `npm test`.
 * It is the acceptance test, so it keeps the full 2,000. Owner: staff console (H6).
 */
describe('a 2,000-person broadcast survives a hard stop half-way', () => {
  it('reaches each person exactly once across the crash, despite throttling', { timeout: 2_400_000 }, async () => {
    const clock = testClock();
    const name = testDbName();
    const connA = await openTestDb(name);
    const connB = await openTestDb(name);
    const graph = await startFakeGraph({ pageAccessToken: 'page-token' });
    graph.now = () => clock.now().getTime();
    graph.throttle(PLATFORM_LIMIT_PER_SECOND);
    const options = {
      env: messengerEnv(graph),
      clock,
      scheduler: { worker: { ratePerSecond: { messenger: 1000 }, batchSize: PEOPLE, claimTimeoutMs: 5 * 60_000 } },
    };
    const a = await startTestService(connA, options);
    // The Page is subscribed to message_echoes: each message's tag comes back as a send receipt, so
    // a send interrupted by the crash is known to have gone out or not (never guessed).
    graph.webhook = { base: a.base, appSecret: MESSENGER_SECRET, pageId: 'PAGE' };
    await seedContacts(
      connA,
      Array.from({ length: PEOPLE }, (_, i) => ({ id: `p${String(i).padStart(5, '0')}`, lastInboundAt: new Date(clock.now().getTime() - 3600_000) })),
    );

    const created = await api(a.base, 'POST', '/api/broadcasts', { text: { vi: 'Thông báo tuyển lao động thời vụ' } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    await waitFor(async () => (await Broadcasts(connA).findById(id).lean())?.audienceSize === PEOPLE || undefined, 60_000, 200);

    // Copy A ticks minute after minute until half the people have it, then dies.
    let stopA = false;
    const runA = (async () => {
      while (!stopA) {
        clock.advance(61_000);
        await a.service.scheduler.runTick(clock.now());
      }
    })().catch(() => undefined); // its database connection is destroyed under it

    await waitFor(async () => graph.sent.length >= PEOPLE / 2 || undefined, 1_800_000, 20);
    stopA = true;
    await connA.destroy(true);
    await runA;
    a.server.close();
    const sentByA = graph.sent.length;
    expect(sentByA).toBeLessThan(PEOPLE);

    // Copy B, started afterwards on the same database, finishes the job.
    const b = await startTestService(connB, options);
    graph.webhook = { base: b.base, appSecret: MESSENGER_SECRET, pageId: 'PAGE' };
    await waitFor(
      async () => {
        clock.advance(61_000);
        await b.service.scheduler.runTick(clock.now());
        return (await deliveryCounts(connB, { kind: 'broadcast', subjectId: id })).pending === 0 || undefined;
      },
      1_800_000,
      0,
    );

    const recipients = graph.sent.map((s) => s.recipientId);
    expect(new Set(recipients).size).toBe(recipients.length); // nobody twice
    expect(graph.sent.length).toBeGreaterThan(sentByA); // B sent the rest
    expect(graph.requests).toBeGreaterThan(graph.sent.length); // the platform did throttle…
    const perSecond = new Map<number, number>();
    for (const m of graph.sent) perSecond.set(Math.floor(m.at / 1000), (perSecond.get(Math.floor(m.at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(PLATFORM_LIMIT_PER_SECOND); // …and was never overrun

    // The sends in flight at the crash were settled by their receipts: sent, or sent again once.
    const counts = await deliveryCounts(connB, { kind: 'broadcast', subjectId: id });
    const failed = await Deliveries(connB).find({ subjectId: id, status: 'failed' }).lean();
    expect(failed.map((f) => f.lastError)).toEqual([]);
    expect(counts.sent).toBe(PEOPLE);
    expect(new Set(recipients).size).toBe(PEOPLE);

    const report = await api(b.base, 'GET', `/api/broadcasts/${id}`);
    expect(report.json).toMatchObject({ state: 'done', audienceSize: PEOPLE, progress: { pending: 0 } });
    await graph.close();
  });
});
