import { describe, expect, it } from 'vitest';
import { signUp } from '../../src/reminders/conferences.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { api } from '../helpers/service.ts';
import { fakePlatforms, personWrote, seedContact, startSchedulerService, testClock } from '../helpers/scheduler.ts';

const PEOPLE = 20;

async function setup(suffix: string, sleepA?: (ms: number) => Promise<void>, rateA = 40) {
  const dbName = testDbName(suffix);
  const [connA, connB] = [await openTestDb(dbName), await openTestDb(dbName)];
  const fakes = await fakePlatforms();
  const clock = testClock('2026-12-01T02:00:00Z');
  fakes.zalo.now = fakes.graph.now = () => clock.now().getTime();
  // Slow enough that one run takes a while and the two copies overlap.
  const a = await startSchedulerService(connA, fakes, clock, { scheduler: { worker: { ratePerSecond: { zalo: rateA }, ...(sleepA ? { sleep: sleepA } : {}) } } });
  const b = await startSchedulerService(connB, fakes, clock, { scheduler: { worker: { ratePerSecond: { zalo: 40 } } } });
  const created = await api(a.base, 'POST', '/api/conferences', {
    title: { vi: 'Hội nghị tuyển lao động' },
    startsAt: '2026-12-10T09:00:00+07:00',
    place: { vi: 'Xã Bắc Sơn' },
    communeId: 'bac_son',
  });
  const conferenceId = String(created.json.id);
  const people: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const id = await seedContact(connA, 'zalo', `zalo-many-${i}`, clock.now());
    await signUp(a.service.ctx, conferenceId, id, clock.now());
    people.push(id);
  }
  const due = clock.set('2026-12-07T02:00:00Z');
  for (const p of people) await personWrote(connA, fakes, p, new Date(due.getTime() - 3_600_000));
  return { a, b, fakes, clock, conferenceId, people, connA, due };
}

function perPerson(fakes: Awaited<ReturnType<typeof fakePlatforms>>) {
  const counts = new Map<string, number>();
  for (const s of fakes.zalo.sent) counts.set(s.userId, (counts.get(s.userId) ?? 0) + 1);
  return counts;
}

// Many database round trips on a shared test server: give the file room.
describe('two copies of the service on one database', { timeout: 120_000 }, () => {
  it('deliver every due reminder exactly once, however their ticks overlap', async () => {
    const { a, b, fakes, due, people } = await setup('_both');
    const later = new Date(due.getTime() + 60_000);
    // Same minute from both (only one takes the lease) and, overlapping it, the next minute's tick.
    const reports = await Promise.all([a.service.scheduler.runTick(due), b.service.scheduler.runTick(due), b.service.scheduler.runTick(later)]);
    expect(reports.filter((r) => r.ran)).toHaveLength(2);
    await a.service.scheduler.runTick(new Date(due.getTime() + 120_000));
    const counts = perPerson(fakes);
    expect(counts.size).toBe(PEOPLE);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(people.every((p) => counts.has(p.slice('zalo:'.length)))).toBe(true);
  });

  it('killing one copy in the middle of a run loses no reminder and sends none twice', async () => {
    // Copy A "dies" while pacing before its 11th send: its pending wait never ends, then fails.
    let paced = 0;
    let kill: ((err: Error) => void) | undefined;
    const sleepA = (ms: number) =>
      ++paced > 3 ? new Promise<void>((_resolve, reject) => (kill = reject)) : new Promise<void>((resolve) => setTimeout(resolve, ms));
    const { a, b, fakes, due, conferenceId } = await setup('_kill', sleepA, 0.5);
    const runA = a.service.scheduler.runTick(due).catch((err: unknown) => err);
    await waitFor(async () => kill !== undefined, 20_000);
    kill!(new Error('killed'));
    expect(await runA).toBeInstanceOf(Error);
    await a.stop();
    const sentByA = fakes.zalo.sent.length;
    expect(sentByA).toBeLessThan(PEOPLE);

    // The other copy takes over on its next ticks; the dead copy's claim expires after 10 minutes.
    await b.service.scheduler.runTick(new Date(due.getTime() + 60_000));
    await b.service.scheduler.runTick(new Date(due.getTime() + 11 * 60_000));
    const counts = perPerson(fakes);
    expect(counts.size).toBe(PEOPLE);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const statuses = await Deliveries(b.service.ctx.conn).find({ subjectId: conferenceId, occurrence: 'd3.v1' }).lean();
    expect(statuses.filter((d) => d.status === 'sent')).toHaveLength(PEOPLE);
  });
});
