import { SendError } from '../outbox/sender.ts';

type Reason = SendError['reason'];

/**
 * One documented platform error and what the service does about it. Rules are matched on
 * (code, subcode): a rule with a subcode wins over the code's general rule, because Meta reuses one
 * code for unrelated cases (10 is both "outside the window" and "person not receiving").
 */
export interface PlatformErrorRule {
  code: number;
  subcode?: number;
  reason: Reason;
  /** What the platform means, in our words (for logs and the delivery's lastError). */
  meaning: string;
  /** For limits counted over a window: how long to stay away before trying again. */
  retryAfterMs?: number;
}

const MINUTE = 60_000;

/**
 * Graph API Send errors (platforms.md A5.9–A5.10; Meta's "Messenger Platform error codes" page,
 * updated 18 March 2026). 1545041 is a subcode of 551 (and of 200), never a code of its own.
 */
export const MESSENGER_ERRORS: readonly PlatformErrorRule[] = [
  { code: 10, subcode: 2018278, reason: 'window_closed', meaning: 'sent outside the allowed window' },
  { code: 10, subcode: 2534022, reason: 'window_closed', meaning: 'sent outside the allowed window' },
  { code: 10, subcode: 2018065, reason: 'window_closed', meaning: 'sent outside the allowed window' },
  { code: 10, subcode: 2018108, reason: 'unreachable', meaning: 'person not receiving messages from the page' },
  { code: 10, reason: 'config', meaning: 'permission refused' },
  { code: 551, reason: 'unreachable', meaning: 'person not available' },
  { code: 200, subcode: 1545041, reason: 'unreachable', meaning: 'person not available' },
  { code: 200, reason: 'config', meaning: 'permission refused' },
  { code: 100, subcode: 2018001, reason: 'unreachable', meaning: 'no matching user' },
  { code: 100, reason: 'config', meaning: 'invalid parameter' },
  { code: 190, reason: 'auth', meaning: 'page access token invalid' },
  { code: 199, reason: 'config', meaning: 'missing permission or access level' },
  // Throttling: Meta asks callers to pause; the Send API's limit is counted per minute and more.
  { code: 4, reason: 'retry_later', meaning: 'app rate limit', retryAfterMs: MINUTE },
  { code: 17, reason: 'retry_later', meaning: 'account rate limit', retryAfterMs: MINUTE },
  { code: 32, reason: 'retry_later', meaning: 'page rate limit', retryAfterMs: MINUTE },
  { code: 613, reason: 'retry_later', meaning: 'send rate limit', retryAfterMs: MINUTE },
  { code: 1200, reason: 'retry_later', meaning: 'temporary send failure' },
  { code: 2, subcode: 2018344, reason: 'config', meaning: 'privacy terms of the page not accepted' },
  { code: 2, reason: 'retry_later', meaning: 'unexpected platform error' },
];

/** Zalo OA API v3 errors (platforms.md B5.6, C2.4). */
export const ZALO_ERRORS: readonly PlatformErrorRule[] = [
  // −32 is a per-minute call limit: retrying within the same minute only burns more of it.
  { code: -32, reason: 'retry_later', meaning: 'app call rate limit', retryAfterMs: MINUTE },
  { code: -200, reason: 'retry_later', meaning: 'message not sent (temporary)' },
  { code: -230, reason: 'window_closed', meaning: 'no interaction in the past 7 days' },
  { code: -232, reason: 'window_closed', meaning: 'interaction expired' },
  { code: -213, reason: 'window_closed', meaning: 'person does not follow the OA' },
  { code: -227, reason: 'unreachable', meaning: 'person banned or inactive' },
  { code: -217, reason: 'unreachable', meaning: 'person blocked the OA' },
  { code: -244, reason: 'unreachable', meaning: 'person restricted this message type' },
  { code: -216, reason: 'auth', meaning: 'access token invalid' },
  { code: -220, reason: 'auth', meaning: 'access token expired' },
  { code: -211, reason: 'quota', meaning: 'out of quota' },
  { code: -218, reason: 'quota', meaning: "out of the person's receiving quota" },
  { code: -320, reason: 'quota', meaning: 'app needs a Zalo Cloud Account' },
  { code: -321, reason: 'quota', meaning: 'Zalo Cloud Account out of money' },
  ...[-100, -201, -204, -205, -209, -210, -212, -219, -221, -223, -224, -233, -240, -248].map((code) => ({ code, reason: 'config' as const, meaning: 'request refused' })),
];

/** The rule for (code, subcode), the subcode's own rule first; undefined when undocumented. */
export function findErrorRule(table: readonly PlatformErrorRule[], code: number | undefined, subcode?: number): PlatformErrorRule | undefined {
  if (code === undefined) return undefined;
  return table.find((r) => r.code === code && r.subcode !== undefined && r.subcode === subcode) ?? table.find((r) => r.code === code && r.subcode === undefined);
}

/** A documented error → SendError; `fallback` decides for codes the table does not know. */
export function sendErrorFrom(rule: PlatformErrorRule | undefined, what: string, fallback: { reason: Reason; meaning: string }): SendError {
  const { reason, meaning } = rule ?? fallback;
  return new SendError(`${what}: ${meaning}`, reason !== 'retry_later', reason, rule?.retryAfterMs);
}
