import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServiceProcess, status, waitFor } from './helpers/http.ts';
import { startRestartableDb, type RestartableDb } from './helpers/restartable-db.ts';

describe('the service process', () => {
  let db: RestartableDb;
  let base: string;
  let proc: ReturnType<typeof startServiceProcess>;

  beforeAll(async () => {
    db = await startRestartableDb();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = startServiceProcess({ PORT: String(port), MONGODB_URI: `${db.uri}bacson_lifecycle`, SCHEDULER_ENABLED: 'false' });
    await waitFor(async () => (await status(`${base}/healthz`)) === 200, 60_000);
  });
  afterAll(async () => {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await db.destroy();
  });

  it('is healthy and ready with its database up, and exposes metrics', async () => {
    expect(await status(`${base}/healthz`)).toBe(200);
    expect(await status(`${base}/readyz`)).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total/);
    expect(metrics).toMatch(/process_cpu_seconds_total/);
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('turns /readyz 503 when the database stops and 200 again when it is back, without a restart', async () => {
    await db.stop();
    const down = Date.now();
    await waitFor(async () => (await status(`${base}/readyz`)) === 503, 5000);
    expect(Date.now() - down).toBeLessThan(5000);
    expect(await status(`${base}/healthz`)).toBe(200);

    await db.start();
    const up = Date.now();
    await waitFor(async () => (await status(`${base}/readyz`)) === 200, 5000);
    expect(Date.now() - up).toBeLessThan(5000);
    expect(proc.child.exitCode).toBeNull();
  });

  it('stops with exit code 0 within 10 s on SIGTERM', async () => {
    const t0 = Date.now();
    proc.child.kill('SIGTERM');
    const [code] = (await once(proc.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(proc.output()).toMatch(/"msg":"stopped"/);
  });
});
