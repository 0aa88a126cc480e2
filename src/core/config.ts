import { z } from 'zod';

/**
 * The whole environment, parsed once. Names are part of the outside contract
 * (../shared/docs/architecture.md); extend, never rename.
 */

// An empty variable (`FOO=` in a .env file) means "not set", not "set to the empty string".
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional());
const url = (fallback: string) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).default(fallback));
const bool = (fallback: boolean) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? fallback : v),
    z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((s) => ['true', '1', 'yes'].includes(s))]),
  );
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Ho_Chi_Minh');

/**
 * TRUST_PROXY: unset/"false" trusts no X-Forwarded-For; a hop count ("1") or addresses/CIDRs
 * ("10.0.0.0/8, loopback") name the reverse proxies in front of the service.
 */
const trustProxySchema = z.preprocess(
  (v) => (v === '' || v === undefined ? 'false' : v),
  z
    .string()
    .regex(/^(false|true|\d{1,2}|((loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)(\s*,\s*|$))+)$/i, 'must be false, a hop count such as 1, or proxy addresses/CIDRs separated by commas')
    .transform((v): boolean | number | string => (v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
);

export const envSchema = z.object({
  PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).default(3000)),
  /** The address to listen on: 0.0.0.0 (all), or 127.0.0.1 behind a reverse proxy on the same machine. */
  HOST: z.preprocess((v) => (v === '' ? undefined : v), z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).default('0.0.0.0')),
  TRUST_PROXY: trustProxySchema,
  MONGODB_URI: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  ),
  PUBLIC_BASE_URL: url('http://localhost:3000'),
  ADMIN_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  /** When set, /metrics answers only this bearer token (Prometheus `authorization.credentials`). */
  METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  /** Encrypts the Zalo tokens stored in MongoDB; the previous key keeps old rows readable after a change. */
  /** The OA may send transaction messages (verified OA; they may cost money): conference reminders after the 7-day window go that way. */
  ZALO_TRANSACTION_REMINDERS: bool(false),
  TOKEN_ENCRYPTION_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
  TOKEN_ENCRYPTION_KEY_PREVIOUS: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
  MESSENGER_APP_SECRET: optionalString,
  MESSENGER_VERIFY_TOKEN: optionalString,
  MESSENGER_PAGE_ACCESS_TOKEN: optionalString,
  MESSENGER_API_BASE: url('https://graph.facebook.com/v23.0'),
  /** Approved utility template for conference reminders outside the 24 h window (unset: none). */
  MESSENGER_UTILITY_TEMPLATE_REMINDER: optionalString,
  /** Our Meta app's id: echoes with another app id are staff answering from the Page inbox. */
  MESSENGER_APP_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{1,20}$/, 'must be the numeric app id').optional()),
  MESSENGER_UTILITY_TEMPLATE_LANGUAGE: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/).default('vi')),
  ZALO_APP_ID: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_ACCESS_TOKEN: optionalString,
  ZALO_REFRESH_TOKEN: optionalString,
  ZALO_API_BASE: url('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: url('https://oauth.zaloapp.com'),
  /** ZNS (template messages by phone) base URL and the approved conference-reminder template id. */
  ZALO_ZNS_API_BASE: url('https://business.openapi.zalo.me'),
  ZALO_ZNS_TEMPLATE_REMINDER: optionalString,
  SCHEDULER_ENABLED: bool(true),
  TZ_DEFAULT: z.preprocess((v) => (v === '' ? undefined : v), timeZone.default('Asia/Ho_Chi_Minh')),
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  /** Leads without activity for longer than this are anonymised by a daily job. */
  LEAD_RETENTION_DAYS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(30).max(3650).default(730)),
  /** Where the embedded default database keeps its files when MONGODB_URI is unset. */
  DATA_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('./data')),
  /** How long "talk to staff" keeps the bot quiet for a person unless staff release it earlier. */
  HANDOFF_TIMEOUT_HOURS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().positive().max(24 * 30).default(24)),
  /** How often a copy of the service looks for training examples staff attached in another copy. */
  TRAINING_POLL_SECONDS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().positive().max(3600).default(30)),
});

export type Env = z.infer<typeof envSchema>;

/** A channel is on only when all of its credentials are present; some-but-not-all is a mistake. */
function channel<K extends keyof Env>(env: Env, name: string, keys: readonly K[]): 'on' | 'off' {
  const missing = keys.filter((k) => env[k] === undefined);
  if (missing.length === keys.length) return 'off';
  if (missing.length > 0) {
    throw new ConfigError(`${missing[0]!}: required because other ${name} credentials are set (missing: ${missing.join(', ')})`);
  }
  return 'on';
}

export class ConfigError extends Error {}

export function parseConfig(source: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join('.') || 'environment';
    throw new ConfigError(`${name}: ${issue.message} (got ${JSON.stringify(source[name] ?? null)})`);
  }
  const env = parsed.data;
  const messenger =
    channel(env, 'Messenger', ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'] as const) === 'on'
      ? {
          appSecret: env.MESSENGER_APP_SECRET!,
          verifyToken: env.MESSENGER_VERIFY_TOKEN!,
          pageAccessToken: env.MESSENGER_PAGE_ACCESS_TOKEN!,
          apiBase: env.MESSENGER_API_BASE.replace(/\/$/, ''),
          utilityTemplateReminder: env.MESSENGER_UTILITY_TEMPLATE_REMINDER ?? null,
          utilityTemplateLanguage: env.MESSENGER_UTILITY_TEMPLATE_LANGUAGE,
          appId: env.MESSENGER_APP_ID ?? null,
        }
      : null;
  const zalo =
    channel(env, 'Zalo', ['ZALO_APP_ID', 'ZALO_OA_SECRET_KEY', 'ZALO_APP_SECRET', 'ZALO_ACCESS_TOKEN', 'ZALO_REFRESH_TOKEN'] as const) === 'on'
      ? {
          appId: env.ZALO_APP_ID!,
          oaSecretKey: env.ZALO_OA_SECRET_KEY!,
          appSecret: env.ZALO_APP_SECRET!,
          accessToken: env.ZALO_ACCESS_TOKEN!,
          refreshToken: env.ZALO_REFRESH_TOKEN!,
          apiBase: env.ZALO_API_BASE.replace(/\/$/, ''),
          oauthBase: env.ZALO_OAUTH_BASE.replace(/\/$/, ''),
          znsApiBase: env.ZALO_ZNS_API_BASE.replace(/\/$/, ''),
          znsTemplateReminder: env.ZALO_ZNS_TEMPLATE_REMINDER ?? null,
          transactionReminders: env.ZALO_TRANSACTION_REMINDERS,
          tokenEncryptionKey: env.TOKEN_ENCRYPTION_KEY ?? null,
          tokenEncryptionKeyPrevious: env.TOKEN_ENCRYPTION_KEY_PREVIOUS ?? null,
        }
      : null;
  return {
    port: env.PORT,
    host: env.HOST,
    trustProxy: env.TRUST_PROXY,
    mongodbUri: env.MONGODB_URI,
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/$/, ''),
    adminToken: env.ADMIN_TOKEN,
    metricsToken: env.METRICS_TOKEN,
    messenger,
    zalo,
    schedulerEnabled: env.SCHEDULER_ENABLED,
    tzDefault: env.TZ_DEFAULT,
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    handoffHours: env.HANDOFF_TIMEOUT_HOURS,
    leadRetentionDays: env.LEAD_RETENTION_DAYS,
    trainingPollSeconds: env.TRAINING_POLL_SECONDS,
  };
}

export type Config = ReturnType<typeof parseConfig>;
export type MessengerConfig = NonNullable<Config['messenger']>;
export type ZaloConfig = NonNullable<Config['zalo']>;
