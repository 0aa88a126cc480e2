import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets stored in MongoDB (the Zalo OA tokens) encrypted with AES-256-GCM under a key from the
 * environment (TOKEN_ENCRYPTION_KEY). A sealed value names its key by a short id, so a value sealed
 * under the previous key (TOKEN_ENCRYPTION_KEY_PREVIOUS) is still read after a key change, and a
 * value stored before encryption was configured (clear text) is read as it is; callers re-seal such
 * values under the current key (see `needsResealing`).
 */
const PREFIX = 'enc:v1:';

interface Key {
  id: string;
  bytes: Buffer;
}

const keyOf = (secret: string): Key => ({
  id: createHash('sha256').update(`key-id\n${secret}`).digest('hex').slice(0, 8),
  bytes: createHash('sha256').update(secret).digest(),
});

export class TokenCipherError extends Error {}

export class TokenCipher {
  private readonly current: Key | undefined;
  private readonly keys = new Map<string, Key>();

  constructor(currentSecret?: string, previousSecret?: string) {
    this.current = currentSecret ? keyOf(currentSecret) : undefined;
    for (const secret of [currentSecret, previousSecret]) {
      if (!secret) continue;
      const key = keyOf(secret);
      this.keys.set(key.id, key);
    }
  }

  /** The value as it is to be stored: sealed under the current key, or clear without one. */
  seal(plain: string): string {
    if (!this.current) return plain;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.current.id}:${[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join(':')}`;
  }

  /** The clear value of a stored one; throws TokenCipherError when no configured key opens it. */
  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [id, iv, tag, body] = stored.slice(PREFIX.length).split(':');
    const key = id ? this.keys.get(id) : undefined;
    if (!key || !iv || !tag || body === undefined) {
      throw new TokenCipherError('stored Zalo tokens are encrypted under a key that is not configured: set TOKEN_ENCRYPTION_KEY (and TOKEN_ENCRYPTION_KEY_PREVIOUS after a change)');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenCipherError('a stored Zalo token could not be decrypted (altered, or a wrong key with the same id)');
    }
  }

  /** True when a stored value is not sealed under the current key (clear text, or the previous key). */
  needsResealing(stored: string): boolean {
    if (!this.current) return false;
    return !stored.startsWith(`${PREFIX}${this.current.id}:`);
  }
}
