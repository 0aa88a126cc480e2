import { afterAll, describe, expect, it } from 'vitest';
import { ZaloTokens } from '../../src/channels/zalo/tokens.ts';
import { parseConfig } from '../../src/core/config.ts';
import { ZaloTokenVersions } from '../../src/channels/zalo/token-store.ts';
import { openTestDb, testLog } from '../helpers/db.ts';
import { channelEnv, startFakes } from '../helpers/channels.ts';

const conn = await openTestDb();
const fakes = await startFakes();
afterAll(async () => fakes.close());

const KEY_1 = 'first-token-encryption-key-0123456789';
const KEY_2 = 'second-token-encryption-key-9876543210';
const { accessToken: envAccess, refreshToken: envRefresh } = fakes.zalo;
/** One copy of the service as it starts with these settings (a "restart" is a new one); same environment tokens. */
const copyWith = (env: Record<string, string> = {}) =>
  new ZaloTokens(conn, parseConfig(channelEnv(fakes.graph, fakes.zalo, { ZALO_ACCESS_TOKEN: envAccess, ZALO_REFRESH_TOKEN: envRefresh, ...env })).zalo!, testLog);
/** Everything stored about the tokens, as one string: a clear token in it is a leak. */
const storedText = async () => JSON.stringify(await ZaloTokenVersions(conn).find().lean());

describe('Zalo tokens at rest', () => {
  it('are read from clear-text rows, encrypted once a key is set, rotated when the key changes', async () => {
    // Before TOKEN_ENCRYPTION_KEY: stored as they are (the rows of an existing installation).
    expect((await copyWith().current()).accessToken).toBe(envAccess);
    expect(await storedText()).toContain(envRefresh);

    // A restart with a key: the same token is read, and the row is sealed.
    const first = copyWith({ TOKEN_ENCRYPTION_KEY: KEY_1 });
    expect((await first.current()).accessToken).toBe(envAccess);
    expect(await storedText()).not.toContain(envAccess);
    expect(await storedText()).not.toContain(envRefresh);

    // A refresh spends the sealed refresh token (the fake accepts only the real one) and seals the new pair.
    const refreshed = await first.refresh(0);
    expect(refreshed.accessToken).toBe(fakes.zalo.accessToken);
    expect(fakes.zalo.refreshFailures).toBe(0);
    expect(await storedText()).not.toContain(fakes.zalo.refreshToken);
    // The spent version keeps its number, not its tokens (sealed or not).
    expect(await ZaloTokenVersions(conn).findOne({ version: 0 }).lean()).toMatchObject({ accessToken: '', refreshToken: '' });
    expect((await copyWith({ TOKEN_ENCRYPTION_KEY: KEY_1 }).current()).accessToken).toBe(fakes.zalo.accessToken);

    // New key, old one given as previous: read, and re-sealed under the new key.
    const sealedUnderFirst = (await ZaloTokenVersions(conn).findOne({ version: 1 }).lean())!.accessToken;
    expect((await copyWith({ TOKEN_ENCRYPTION_KEY: KEY_2, TOKEN_ENCRYPTION_KEY_PREVIOUS: KEY_1 }).current()).accessToken).toBe(fakes.zalo.accessToken);
    const resealed = (await ZaloTokenVersions(conn).findOne({ version: 1 }).lean())!.accessToken;
    expect(resealed).not.toBe(sealedUnderFirst);
    // The new key alone now opens it; a key that never sealed it does not, and says what to set.
    expect((await copyWith({ TOKEN_ENCRYPTION_KEY: KEY_2 }).current()).accessToken).toBe(fakes.zalo.accessToken);
    await expect(copyWith({ TOKEN_ENCRYPTION_KEY: KEY_1 }).current()).rejects.toThrow(/TOKEN_ENCRYPTION_KEY/);
  });
});
