import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { ZaloTokens } from '../../src/channels/zalo/tokens.ts';
import { ZaloTokenVersions } from '../../src/channels/zalo/token-store.ts';
import { postZalo, zaloText } from '../helpers/fakes/sign.ts';
import { openTestDb, testDbName, testLog } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { channelEnv, echoBot, OA_ID, startChannelService, startFakes, ZALO } from '../helpers/channels.ts';

describe('Zalo OA token refresh', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let connA: Connection;
  let connB: Connection;
  const dbName = testDbName();

  beforeAll(async () => {
    connA = await openTestDb(dbName);
    connB = await openTestDb(dbName);
    fakes = await startFakes();
  });
  afterAll(async () => fakes.close());

  it('an expired access token is refreshed once, the new refresh token is stored, and the reply goes out', async () => {
    const a = await startChannelService(connA, fakes, echoBot());
    const firstRefreshToken = fakes.zalo.refreshToken;
    fakes.zalo.expireAccessToken();

    await postZalo(a.base, ZALO, zaloText(ZALO.appId, OA_ID, '5000000000000000001', 'tok-1', 'hỏi'));
    await waitFor(async () => fakes.zalo.textsTo('5000000000000000001').length === 1, 10_000);
    expect(fakes.zalo.refreshCalls).toBe(1);

    const stored = await ZaloTokenVersions(connA).find().sort({ version: -1 }).lean();
    expect(stored[0]).toMatchObject({ version: 1, accessToken: fakes.zalo.accessToken, refreshToken: fakes.zalo.refreshToken });
    expect(stored[0]!.refreshToken).not.toBe(firstRefreshToken);

    // The next message uses the stored token: no second refresh.
    await postZalo(a.base, ZALO, zaloText(ZALO.appId, OA_ID, '5000000000000000001', 'tok-2', 'hỏi tiếp'));
    await waitFor(async () => fakes.zalo.textsTo('5000000000000000001').length === 2, 10_000);
    expect(fakes.zalo.refreshCalls).toBe(1);
    expect(fakes.zalo.refreshFailures).toBe(0);
    await a.stop();
  });

  it('two copies refreshing at the same moment spend the single-use refresh token once', async () => {
    fakes.zalo.refreshDelayMs = 300;
    const config = parseConfig(channelEnv(fakes.graph, fakes.zalo)).zalo!;
    // Same environment tokens as the first test: both copies continue the stored chain.
    const copyA = new ZaloTokens(connA, { ...config, accessToken: 'zalo-access-0', refreshToken: 'zalo-refresh-0' }, testLog, { pollMs: 50 });
    const copyB = new ZaloTokens(connB, { ...config, accessToken: 'zalo-access-0', refreshToken: 'zalo-refresh-0' }, testLog, { pollMs: 50 });
    const current = await copyA.current();
    const callsBefore = fakes.zalo.refreshCalls;

    const [ta, tb] = await Promise.all([copyA.refresh(current.version), copyB.refresh(current.version)]);
    expect(ta).toEqual(tb);
    expect(ta.version).toBe(current.version + 1);
    expect(ta.accessToken).toBe(fakes.zalo.accessToken);
    expect(fakes.zalo.refreshCalls - callsBefore).toBe(1);
    expect(fakes.zalo.refreshFailures).toBe(0);
  });

  it('two service copies hitting an expired token together both deliver, with one refresh', async () => {
    fakes.zalo.refreshDelayMs = 300;
    const a = await startChannelService(connA, fakes, echoBot());
    const b = await startChannelService(connB, fakes, echoBot());
    fakes.zalo.expireAccessToken();
    const callsBefore = fakes.zalo.refreshCalls;
    await Promise.all([
      postZalo(a.base, ZALO, zaloText(ZALO.appId, OA_ID, '5000000000000000002', 'tok-a', 'A')),
      postZalo(b.base, ZALO, zaloText(ZALO.appId, OA_ID, '5000000000000000003', 'tok-b', 'B')),
    ]);
    await waitFor(async () => fakes.zalo.textsTo('5000000000000000002').length === 1 && fakes.zalo.textsTo('5000000000000000003').length === 1, 15_000);
    expect(fakes.zalo.refreshCalls - callsBefore).toBe(1);
    expect(fakes.zalo.refreshFailures).toBe(0);
    await Promise.all([a.stop(), b.stop()]);
  });
});
