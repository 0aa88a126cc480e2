import type { Server } from 'node:http';
import { ActivityTypes, type TurnContext } from 'botbuilder-core';
import type { Connection } from 'mongoose';
import type { BotLogic } from '../../src/conversation/types.ts';
import type { ChannelsOptions } from '../../src/channels/index.ts';
import { startFakeGraph, type FakeGraph } from './fakes/graph.ts';
import { startFakeZalo, type FakeZalo } from './fakes/zalo.ts';
import { afterAll } from 'vitest';
import { createChannels, type Channels } from '../../src/channels/index.ts';
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { parseConfig } from '../../src/core/config.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createMetrics } from '../../src/core/metrics.ts';
import type { AppContext } from '../../src/core/context.ts';
import { testLog } from './db.ts';

export const PAGE_ID = '1000000000000001';
export const OA_ID = '9876543210987654321';
export const MESSENGER = { appSecret: 'messenger-app-secret', verifyToken: 'verify-me-please', pageAccessToken: 'page-access-token' };
export const ZALO = { appId: '4445556667778889990', oaSecretKey: 'oa-secret-key', appSecret: 'zalo-app-secret' };

/** Both channels pointed at the fakes. */
export function channelEnv(graph: FakeGraph, zalo: FakeZalo, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MESSENGER_APP_SECRET: MESSENGER.appSecret,
    MESSENGER_VERIFY_TOKEN: MESSENGER.verifyToken,
    MESSENGER_PAGE_ACCESS_TOKEN: MESSENGER.pageAccessToken,
    MESSENGER_API_BASE: graph.apiBase,
    ZALO_APP_ID: ZALO.appId,
    ZALO_OA_SECRET_KEY: ZALO.oaSecretKey,
    ZALO_APP_SECRET: ZALO.appSecret,
    ZALO_ACCESS_TOKEN: zalo.accessToken,
    ZALO_REFRESH_TOKEN: zalo.refreshToken,
    ZALO_API_BASE: zalo.url,
    ZALO_OAUTH_BASE: zalo.url,
    ZALO_ZNS_API_BASE: zalo.url,
    ...extra,
  };
}

export async function startFakes() {
  const graph = await startFakeGraph({ pageAccessToken: MESSENGER.pageAccessToken, utilityTemplates: ['nhac_hoi_nghi'] });
  const zalo = await startFakeZalo({ appSecret: ZALO.appSecret, znsTemplates: { '7001': ['ten_hoi_nghi', 'thoi_gian'] } });
  return { graph, zalo, close: async () => Promise.all([graph.close(), zalo.close()]) };
}

/** Replies "echo: <text>" to messages and "event: <name>" to events; records what it saw. */
export function echoBot(seen: string[] = []): BotLogic {
  return async (turn: TurnContext) => {
    const a = turn.activity;
    if (a.type === ActivityTypes.Message) {
      seen.push(a.text ?? '');
      await turn.sendActivity(`echo: ${a.text ?? ''}`);
    } else if (a.type === ActivityTypes.Event) {
      seen.push(`event:${a.name ?? ''}`);
      await turn.sendActivity(`event: ${a.name ?? ''}`);
    }
  };
}

/** Short timings so tests do not wait for production intervals. */
export const fastChannels: ChannelsOptions = {
  worker: { pollMs: 200, leaseMs: 2000, retryDelayMs: 200, receiptGraceMs: 3000 },
  retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
};

export interface ChannelInstance {
  base: string;
  ctx: AppContext;
  channels: Channels;
  stop(): Promise<void>;
}

/**
 * One service copy with just the channels feature (as src/service.ts composes it), so these tests
 * do not depend on the other features. Stopped after the file's tests.
 */
export async function startChannelService(
  conn: Connection,
  fakes: { graph: FakeGraph; zalo: FakeZalo },
  bot: BotLogic,
  channelOptions: ChannelsOptions = fastChannels,
  env: Record<string, string> = {},
  clock: Clock = systemClock,
): Promise<ChannelInstance> {
  const config = parseConfig({ SCHEDULER_ENABLED: 'false', ...channelEnv(fakes.graph, fakes.zalo, env) });
  const ctx: AppContext = { config, conn, log: testLog, clock, metrics: createMetrics() };
  const channels = createChannels(ctx, bot, channelOptions);
  const app = createHttpApp({ conn, log: testLog, metrics: ctx.metrics, mount: [(a) => channels.mount!(a)] });
  await channels.start!();
  // Plain listen/close rather than service.ts's, which would load every other feature's code.
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await channels.stop!();
  };
  afterAll(stop);
  return { base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, ctx, channels, stop };
}
