import type { Connection } from 'mongoose';
import type { Clock } from '../src/core/clock.ts';
import { parseConfig } from '../src/core/config.ts';
import type { Logger } from '../src/core/log.ts';
import { closeServer, createService, listen, type Service, type ServiceDeps } from '../src/service.ts';
import { Contacts } from '../src/domain/contacts.ts';
import { BENCH_ADMIN_TOKEN } from './service-process.ts';

/** A clock moved by hand, starting at 10:00 in Vietnam so messages fall inside decent hours. */
export function manualClock(start = '2026-11-20T03:00:00Z'): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

export interface InProcessService {
  base: string;
  service: Service;
  stop(): Promise<void>;
}

/**
 * The real service (`createService` + `listen` on 127.0.0.1) in this process, for cases that drive
 * the scheduler tick themselves with a manual clock (a child process would tick on wall time).
 */
export async function startInProcessService(
  conn: Connection,
  log: Logger,
  options: { env: Record<string, string>; clock: Clock; scheduler?: ServiceDeps['scheduler']; channels?: ServiceDeps['channels'] },
): Promise<InProcessService> {
  const config = parseConfig({ ADMIN_TOKEN: BENCH_ADMIN_TOKEN, SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'error', ...options.env });
  const service = createService({ config, conn, log, clock: options.clock, scheduler: options.scheduler, channels: options.channels });
  await service.start();
  const server = await listen(service.app, 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    service,
    async stop() {
      await closeServer(server, 1000);
      await service.stop();
    },
  };
}

/** Messenger contacts who wrote an hour before `at` (their messaging window is open), inserted in batches. */
export async function seedMessengerContacts(conn: Connection, prefix: string, count: number, at: Date): Promise<void> {
  const lastInboundAt = new Date(at.getTime() - 3_600_000);
  for (let from = 0; from < count; from += 1000) {
    const docs = Array.from({ length: Math.min(1000, count - from) }, (_, k) => {
      const userId = `${prefix}${String(from + k).padStart(6, '0')}`;
      return {
        _id: `messenger:${userId}`,
        channel: 'messenger',
        userId,
        language: 'vi',
        firstInboundAt: lastInboundAt,
        lastInboundAt,
        optOut: { reminders: false, nudges: false, broadcasts: false },
      };
    });
    await Contacts(conn).insertMany(docs, { ordered: false });
  }
}

/** POST/GET to the admin API with the bench's admin token. */
export async function adminApi(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
