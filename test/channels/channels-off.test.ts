import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels } from '../../src/channels/index.ts';
import { systemClock } from '../../src/core/clock.ts';
import { parseConfig } from '../../src/core/config.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createMetrics } from '../../src/core/metrics.ts';
import { openTestDb, testLog } from '../helpers/db.ts';
import { echoBot } from '../helpers/channels.ts';

describe('channels without credentials', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const conn = await openTestDb();
    const ctx = { config: parseConfig({}), conn, log: testLog, clock: systemClock, metrics: createMetrics() };
    const channels = createChannels(ctx, echoBot());
    const app = createHttpApp({ conn, log: testLog, metrics: ctx.metrics, mount: [(a) => channels.mount!(a)] });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    expect(channels.outbound).toEqual({});
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('answer 404 on their webhook routes', async () => {
    expect((await fetch(`${base}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`)).status).toBe(404);
    expect((await fetch(`${base}/webhooks/messenger`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/webhooks/zalo`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
