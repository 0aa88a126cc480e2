import { createHash, randomUUID } from 'node:crypto';
import axios from 'axios';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { ZaloConfig } from '../../core/config.ts';
import { isDuplicateKeyError } from '../../db/errors.ts';
import type { Logger } from '../../core/log.ts';
import { TokenCipher } from '../../core/token-cipher.ts';
import { ZaloRefreshClaims, ZaloTokenVersions } from './token-store.ts';
import { SendError } from '../../outbox/sender.ts';

export interface ZaloToken {
  version: number;
  accessToken: string;
  expiresAt?: Date | null;
}

export interface ZaloTokenOptions {
  /** Refresh ahead of expiry when less than this is left. */
  refreshAheadMs?: number;
  /** How long a copy waits for another copy's refresh before giving up. */
  waitMs?: number;
  /** A refresh claim older than this is presumed dead (its copy crashed) and may be taken over. */
  staleClaimMs?: number;
  pollMs?: number;
  now?: () => Date;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.union([z.string().regex(/^\d+$/), z.number()]).transform(Number),
});

/**
 * The OA access token, refreshed with OAuth v4 when it expires. Single flight across copies: the
 * copy that inserts the claim for version N spends N's refresh token and stores version N+1 before
 * anyone uses the new access token; the others wait for N+1 and read it.
 */
export class ZaloTokens {
  private readonly chain: string;
  private readonly owner = randomUUID();
  private readonly opts: Required<ZaloTokenOptions>;
  /** Tokens are stored sealed when TOKEN_ENCRYPTION_KEY is set (core/token-cipher.ts). */
  private readonly cipher: TokenCipher;

  constructor(
    private readonly conn: Connection,
    private readonly config: ZaloConfig,
    private readonly log: Logger,
    options: ZaloTokenOptions = {},
  ) {
    this.chain = createHash('sha256').update(`${config.appId}\n${config.refreshToken}`).digest('hex').slice(0, 16);
    this.cipher = new TokenCipher(config.tokenEncryptionKey ?? undefined, config.tokenEncryptionKeyPrevious ?? undefined);
    this.opts = { refreshAheadMs: 60 * 60_000, waitMs: 15_000, staleClaimMs: 60_000, pollMs: 150, now: () => new Date(), ...options };
  }

  /** The newest stored token (seeded from the environment the first time). */
  async current(): Promise<ZaloToken> {
    const model = ZaloTokenVersions(this.conn);
    const latest = await model.findOne({ chain: this.chain }).sort({ version: -1 }).lean();
    if (latest) {
      const accessToken = this.cipher.open(latest.accessToken);
      if (this.cipher.needsResealing(latest.accessToken)) await this.reseal(latest);
      return { version: latest.version, accessToken, expiresAt: latest.expiresAt };
    }
    try {
      await model.create({ _id: `${this.chain}:0`, chain: this.chain, version: 0, ...this.sealed(this.config.accessToken, this.config.refreshToken) });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    return this.current();
  }

  private sealed(accessToken: string, refreshToken: string) {
    return { accessToken: this.cipher.seal(accessToken), refreshToken: this.cipher.seal(refreshToken) };
  }

  /**
   * A row stored in clear (before TOKEN_ENCRYPTION_KEY was set) or under the previous key is
   * rewritten under the current key. Same tokens, new wrapping: copies doing it at once are harmless.
   */
  private async reseal(row: { _id: string; version: number; accessToken: string; refreshToken: string }): Promise<void> {
    const fresh = this.sealed(this.cipher.open(row.accessToken), this.cipher.open(row.refreshToken));
    await ZaloTokenVersions(this.conn).updateOne({ _id: row._id, accessToken: row.accessToken }, { $set: fresh });
    await this.forgetSpent(row.version);
    this.log.info('zalo: stored tokens re-encrypted under the current TOKEN_ENCRYPTION_KEY');
  }

  /**
   * The versions before `version` are spent (a refresh token works once) but would still hand out
   * their tokens, possibly in clear or under an old key: keep their numbers, drop their secrets.
   */
  private async forgetSpent(version: number): Promise<void> {
    await ZaloTokenVersions(this.conn).updateMany({ chain: this.chain, version: { $lt: version } }, { $set: { accessToken: '', refreshToken: '' } });
  }

  /** A usable access token: refreshed first when it is about to expire. */
  async accessToken(): Promise<ZaloToken> {
    const token = await this.current();
    if (token.expiresAt && token.expiresAt.getTime() - this.opts.now().getTime() < this.opts.refreshAheadMs) return this.refresh(token.version);
    return token;
  }

  /** Replaces `staleVersion` (which the platform refused or which is expiring) with a fresh token. */
  async refresh(staleVersion: number): Promise<ZaloToken> {
    const deadline = Date.now() + this.opts.waitMs;
    for (;;) {
      const latest = await this.current();
      if (latest.version > staleVersion) return latest;
      if (await this.claim(latest.version)) return this.spend(latest.version);
      if (Date.now() > deadline) throw new SendError('zalo: token refresh by another copy did not finish in time', false, 'retry_later', 5000);
      await new Promise((r) => setTimeout(r, this.opts.pollMs));
    }
  }

  private async claim(version: number): Promise<boolean> {
    const claims = ZaloRefreshClaims(this.conn);
    const _id = `${this.chain}:${version}`;
    // Claim times are about process liveness, not business time, so they use the real clock.
    const doc = { _id, owner: this.owner, at: Date.now() };
    try {
      await claims.create(doc);
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const removed = await claims.deleteOne({ _id, at: { $lt: Date.now() - this.opts.staleClaimMs } });
    if (removed.deletedCount !== 1) return false;
    this.log.warn({ version }, 'zalo: taking over a token refresh left by a stopped copy');
    try {
      await claims.create(doc);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  private async spend(version: number): Promise<ZaloToken> {
    const model = ZaloTokenVersions(this.conn);
    const stored = await model.findById(`${this.chain}:${version}`).lean();
    if (!stored) throw new Error(`zalo token version ${version} vanished`);
    let res;
    try {
      res = await axios.post(
        `${this.config.oauthBase}/v4/oa/access_token`,
        new URLSearchParams({ refresh_token: this.cipher.open(stored.refreshToken), app_id: this.config.appId, grant_type: 'refresh_token' }).toString(),
        { headers: { secret_key: this.config.appSecret, 'content-type': 'application/x-www-form-urlencoded' }, timeout: 10_000, validateStatus: () => true },
      );
    } catch {
      await this.release(version);
      throw new SendError('zalo: token refresh request failed', false, 'retry_later');
    }
    const parsed = tokenResponse.safeParse(res.data);
    if (res.status !== 200 || !parsed.success) {
      if (res.status >= 500) {
        await this.release(version);
        throw new SendError(`zalo: token refresh failed (HTTP ${res.status})`, false, 'retry_later');
      }
      // The claim stays: retrying with a refused refresh token cannot succeed. Staff must re-authorise.
      const code = (res.data as { error?: unknown } | null)?.error;
      this.log.error({ version, code }, 'zalo: refresh token refused; re-authorise the OA and set ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN');
      throw new SendError(`zalo: refresh token refused (error ${String(code)})`, true, 'auth');
    }
    const next = {
      _id: `${this.chain}:${version + 1}`,
      chain: this.chain,
      version: version + 1,
      ...this.sealed(parsed.data.access_token, parsed.data.refresh_token),
      expiresAt: new Date(this.opts.now().getTime() + parsed.data.expires_in * 1000),
    };
    // The old refresh token is spent now: storing the new pair must not give up on a short outage.
    for (let attempt = 1; ; attempt++) {
      try {
        await model.create(next);
        break;
      } catch (err) {
        if (isDuplicateKeyError(err)) break;
        if (attempt >= 10) {
          this.log.fatal({ version: next.version }, 'zalo: new token pair could not be stored; the OA must be re-authorised');
          throw err;
        }
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
    // Not worth failing a refresh over: the next refresh or reseal forgets them too.
    await this.forgetSpent(next.version).catch((err: unknown) => this.log.warn({ err }, 'zalo: spent token versions not cleared'));
    this.log.info({ version: next.version }, 'zalo: access token refreshed');
    return { version: next.version, accessToken: parsed.data.access_token, expiresAt: next.expiresAt };
  }

  private async release(version: number): Promise<void> {
    await ZaloRefreshClaims(this.conn).deleteOne({ _id: `${this.chain}:${version}`, owner: this.owner }).catch(() => undefined);
  }
}
