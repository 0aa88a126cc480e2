import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDbName } from '../../bench/harness.ts';
import { messengerEnv, messengerSignature, startGraph } from '../../bench/messenger.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { startService, type ServiceProcess } from '../../bench/service-process.ts';
import { openTestDb, testDbName, testMongoUri } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { fuzzBodies, type FuzzBody } from './fuzz-bodies.ts';

const COUNT = 10_000;
const CONCURRENCY = 16;

let graph: FakeGraph;
let service: ServiceProcess;

beforeAll(async () => {
  await openTestDb(); // the database is dropped after the file
  graph = await startGraph();
  service = await startService({ mongoUri: withDbName(testMongoUri(), testDbName()), env: messengerEnv(graph) });
});

afterAll(async () => {
  await service?.stop();
  await graph?.close();
});

async function post(body: FuzzBody, i: number): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // Half of the unsigned ones carry no header, half a signature made with the wrong secret.
  if (body.signed) headers['x-hub-signature-256'] = messengerSignature(body.body);
  else if (i % 2 === 0) headers['x-hub-signature-256'] = messengerSignature(body.body, 'not-the-app-secret');
  try {
    const res = await fetch(`${service.base}/webhooks/messenger`, { method: 'POST', body: body.body, headers, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // connection refused or reset: the process died or hung up
  }
}

/** Sends every body, CONCURRENCY at a time; returns the status per body kind. */
async function sendAll(seed: number, count: number) {
  const results: { kind: string; signed: boolean; status: number }[] = [];
  const bodies = fuzzBodies(seed, count);
  let i = 0;
  const lane = async () => {
    for (let next = bodies.next(); !next.done; next = bodies.next()) {
      const n = i++;
      results.push({ kind: next.value.kind, signed: next.value.signed, status: await post(next.value, n) });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return results;
}

/** Resident memory once the inbox has caught up: replies stop arriving for a while. */
async function settledRssMb(): Promise<number> {
  let last = -1;
  await waitFor(async () => {
    const now = graph.sent.length;
    const quiet = now === last;
    last = now;
    return quiet;
  }, 120_000, 3000);
  return service.rssMb();
}

describe('fuzzed Messenger webhooks', () => {
  it(`survives ${COUNT.toLocaleString('en')} random and malformed bodies: no crash, no 5xx when signed, 403 when not, memory steady`, async () => {
    // Warm-up with other bodies of the same mix, so "before" is a process that has already served
    // this traffic (its heap grown to what the load needs), and growth after it would be a leak.
    const t0 = Date.now();
    await sendAll(7, COUNT);
    const before = await settledRssMb();
    const t1 = Date.now();
    const results = await sendAll(20261124, COUNT);
    console.log(`fuzz: warm-up ${((t1 - t0) / 1000).toFixed(0)} s, ${COUNT} bodies in ${((Date.now() - t1) / 1000).toFixed(0)} s`);

    expect(results).toHaveLength(COUNT);
    expect(service.exited()).toBe(false);
    const signedFailures = results.filter((r) => r.signed && (r.status >= 500 || r.status === 0));
    expect(signedFailures.map((r) => `${r.kind}: ${r.status}`).slice(0, 10)).toEqual([]);
    const unsigned = results.filter((r) => !r.signed);
    expect(unsigned.length).toBe(Math.ceil((COUNT - 7) / 10));
    expect(unsigned.every((r) => r.status === 403)).toBe(true);
    // Every kind of damage was really sent and answered.
    expect(new Set(results.map((r) => r.kind)).size).toBe(10);

    const health = await fetch(`${service.base}/healthz`);
    expect(health.status).toBe(200);
    const after = await settledRssMb();
    expect(after, `RSS before ${before.toFixed(0)} MB, after ${after.toFixed(0)} MB`).toBeLessThanOrEqual(before * 1.2);
  }, 600_000);
});
