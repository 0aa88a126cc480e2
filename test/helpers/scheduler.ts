import type { Connection } from 'mongoose';
import { afterAll, expect } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import type { SchedulerOptions } from '../../src/scheduler/feature.ts';
import { loadScheduleConfig } from '../../src/reminders/schedule-config.ts';
import { Contacts, type ChannelId } from '../../src/domain/contacts.ts';
import { channelEnv, startFakes } from './channels.ts';
import { api, startTestService } from './service.ts';

export const defaultSchedule = loadScheduleConfig();

/** A clock the test moves by hand. */
export function testClock(start: string | Date) {
  let now = new Date(start);
  const clock: Clock & { set(at: string | Date): Date; advance(ms: number): Date } = {
    now: () => new Date(now),
    set: (at) => (now = new Date(at)),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
  };
  return clock;
}

/** Fake Graph and Zalo servers, closed after the file. */
export async function fakePlatforms() {
  const fakes = await startFakes();
  afterAll(() => fakes.close());
  return fakes;
}

/** Pacing that does not slow tests down. */
export const fastWorker: SchedulerOptions['worker'] = { ratePerSecond: { messenger: 1000, zalo: 1000, console: 1000 } };

/** One service copy on `conn`, both channels pointed at the fakes, scheduler driven by `runTick`. */
export async function startSchedulerService(
  conn: Connection,
  fakes: Awaited<ReturnType<typeof startFakes>>,
  clock: Clock,
  options: { env?: Record<string, string>; scheduler?: Omit<SchedulerOptions, 'outbound'> } = {},
) {
  return startTestService(conn, {
    env: channelEnv(fakes.graph, fakes.zalo, options.env),
    clock,
    // The schedule is per process: always pass one, so one test's override does not leak into the next.
    scheduler: { worker: fastWorker, schedule: defaultSchedule, ...options.scheduler },
  });
}

export async function seedContact(
  conn: Connection,
  channel: ChannelId,
  userId: string,
  lastInboundAt: Date,
  extra: { timeZone?: string; language?: 'vi' | 'en'; optOut?: { reminders?: boolean; nudges?: boolean } } = {},
) {
  const id = `${channel}:${userId}`;
  await Contacts(conn).updateOne(
    { _id: id },
    { $set: { channel, userId, lastInboundAt, firstInboundAt: lastInboundAt, ...extra } },
    { upsert: true },
  );
  return id;
}

/** The person wrote at `at` (opens the platform windows, ours and the fake's). */
export async function personWrote(conn: Connection, fakes: Awaited<ReturnType<typeof startFakes>>, contactId: string, at: Date) {
  await Contacts(conn).updateOne({ _id: contactId }, { $set: { lastInboundAt: at } });
  const [channel, userId] = [contactId.slice(0, contactId.indexOf(':')), contactId.slice(contactId.indexOf(':') + 1)];
  if (channel === 'messenger') fakes.graph.userWrote(userId, at.getTime());
  if (channel === 'zalo') fakes.zalo.userInteracted(userId, at.getTime());
}


/** Staff register a worker abroad through the admin API (consent given on `consentAt`); returns its id. */
export async function registerWorkerAbroad(
  base: string,
  worker: { contactId: string; country: string; city?: string; timeZone: string; contractEnd: string },
  consentAt: string,
): Promise<string> {
  const channel = worker.contactId.slice(0, worker.contactId.indexOf(':'));
  const created = await api(base, 'POST', '/api/placements', { ...worker, consent: { version: 'v1', at: consentAt, channel } });
  expect(created.status).toBe(201);
  return String(created.json.id);
}
