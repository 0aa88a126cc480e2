import type { Server } from 'node:http';
import type { Connection } from 'mongoose';
import { afterAll } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import { parseConfig } from '../../src/core/config.ts';
import { closeServer, createService, listen, type Service, type ServiceDeps } from '../../src/service.ts';
import { testLog } from './db.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestService {
  base: string;
  service: Service;
  server: Server;
  stop(): Promise<void>;
}

/**
 * Starts one in-process service instance on 127.0.0.1 (random port) against `conn`.
 * `env` is parsed exactly like the real environment. Stopped after the file's tests.
 */
export async function startTestService(
  conn: Connection,
  options: { env?: Record<string, string>; clock?: Clock; start?: boolean } & Partial<Omit<ServiceDeps, 'config' | 'conn' | 'log' | 'clock'>> = {},
): Promise<TestService> {
  const { env, clock, start = true, ...rest } = options;
  const config = parseConfig({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, SCHEDULER_ENABLED: 'false', ...env });
  const service = createService({ config, conn, log: testLog, clock, ...rest });
  if (start) await service.start();
  const server = await listen(service.app, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await closeServer(server, 1000);
    await service.stop();
  };
  afterAll(stop);
  return { base, service, server, stop };
}

/** fetch with the admin bearer token and JSON body. */
export async function api(base: string, method: string, path: string, body?: unknown, token = TEST_ADMIN_TOKEN) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as Record<string, unknown> & { error?: { code: string; fields?: { path: string }[] } }, text, headers: res.headers };
}
