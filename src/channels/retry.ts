import { SendError } from '../outbox/sender.ts';

export interface RetryOptions {
  /** Attempts in all (first try included). */
  attempts: number;
  /** First back-off; doubled each time, with jitter. */
  baseDelayMs: number;
  /** Longest wait between attempts; a platform asking for longer is handed back to the caller at once. */
  maxDelayMs: number;
}

export const defaultRetry: RetryOptions = { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Runs a platform call, retrying with exponential back-off while it fails with a temporary
 * SendError (`retry_later`: 5xx, timeouts, throttling). Permanent errors are thrown at once.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = defaultRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof SendError) || err.permanent || err.reason !== 'retry_later' || attempt >= options.attempts) throw err;
      // A limit counted per minute (Messenger 613, Zalo −32) is not waited out here: the caller
      // (delivery worker, inbox) comes back after err.retryAfterMs, and this call returns at once.
      if ((err.retryAfterMs ?? 0) > options.maxDelayMs) throw err;
      const backoff = options.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      const delay = Math.min(options.maxDelayMs, Math.max(backoff, err.retryAfterMs ?? 0));
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Maps a transport failure (no platform answer at all) to a temporary SendError. */
export function transportError(err: unknown, platform: string): SendError {
  const code = (err as { code?: unknown }).code;
  return new SendError(`${platform}: request failed (${typeof code === 'string' ? code : 'network'})`, false, 'retry_later');
}
