import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, seedMessengerContacts } from '../../bench/in-process.ts';
import { countPerRecipient, messengerEnv, startGraph } from '../../bench/messenger.ts';
import { Broadcasts } from '../../src/broadcasts/model.ts';
import { connectDatabase } from '../../src/db/connection.ts';
import { deliveryCounts } from '../../src/outbox/deliveries.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { testLog } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { startRestartableDb, type RestartableDb } from '../helpers/restartable-db.ts';
import { api, startTestService, type TestService } from '../helpers/service.ts';

const PEOPLE = 300;
const RESTART_AFTER = 100;

let db: RestartableDb;
let conn: Connection;
let graph: FakeGraph;
let svc: TestService;
const clock = manualClock();

beforeAll(async () => {
  db = await startRestartableDb();
  conn = await connectDatabase(db.uri, testLog, { dbName: 'broadcast_restart_drill' });
  graph = await startGraph();
  svc = await startTestService(conn, {
    env: messengerEnv(graph),
    clock,
    // A claim left open by the outage is judged after a minute of service time (one tick).
    // 20 a second: the broadcast takes 15 s, so stopping the database (a script that can take a few
    // seconds on a busy machine) lands with most of it still to send, not after it has finished.
    scheduler: { worker: { ratePerSecond: { messenger: 20 }, batchSize: PEOPLE, claimTimeoutMs: 60_000 } },
  });
});

afterAll(async () => {
  await graph?.close();
  await conn?.close().catch(() => undefined);
  await db?.destroy();
});

describe('the database restarts in the middle of a broadcast', () => {
  it(`each of ${PEOPLE} people gets the notice exactly once`, async () => {
    await seedMessengerContacts(conn, 'bcr', PEOPLE, clock.now());
    const created = await api(svc.base, 'POST', '/api/broadcasts', { text: { vi: 'Thông báo lịch hội nghị tư vấn' } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    await waitFor(async () => (await Broadcasts(conn).findById(id).lean())?.audienceSize === PEOPLE || undefined, 60_000, 200);

    // Ticks back to back (a minute of service time each), as long as the broadcast runs.
    let ticking = true;
    const ticks = (async () => {
      while (ticking) {
        clock.advance(61_000);
        await svc.service.scheduler.runTick(clock.now()).catch(() => undefined);
        // A second of real time per minute of service time: the clock must not race through the
        // day into quiet hours or past the people's messaging window while the drill waits.
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();

    // Part-way through, while a tick is sending: the database goes away for 5 s and comes back.
    await waitFor(async () => graph.sent.length >= RESTART_AFTER || undefined, 180_000, 20);
    await db.stop();
    const sentWhenStopped = graph.sent.length;
    await new Promise((r) => setTimeout(r, 5000));
    await db.start();

    await waitFor(async () => (await deliveryCounts(conn, { kind: 'broadcast', subjectId: id }).catch(() => undefined))?.pending === 0 || undefined, 240_000, 500).catch(() => undefined);
    ticking = false;
    await ticks;

    const statuses = await deliveryCounts(conn, { kind: 'broadcast', subjectId: id });
    expect(statuses, 'deliveries by status at the end').toMatchObject({ pending: 0 });

    expect(sentWhenStopped).toBeLessThan(PEOPLE);
    const counts = countPerRecipient(graph);
    const twice = [...counts.values()].filter((c) => c > 1).length;
    expect(twice, 'people who got the notice more than once').toBe(0);
    expect(counts.size, 'people who got the notice').toBe(PEOPLE);
  }, 420_000);
});
