/**
 * A fake Zalo: OA API v3 (consultation messages, user detail), OAuth v4 token refresh and ZNS, all
 * on one 127.0.0.1 origin, for tests and load tests.
 *
 *   const zalo = await startFakeZalo({ appSecret, accessToken, refreshToken, znsTemplates: { '1234': ['event'] } });
 *   ZALO_API_BASE = ZALO_OAUTH_BASE = ZALO_ZNS_API_BASE = zalo.url
 *   zalo.sent / zalo.textsTo(userId)          // accepted consultation messages
 *   zalo.zns                                  // accepted ZNS sends
 *   zalo.users.set(userId, { display_name })  // for /v3.0/oa/user/detail
 *   zalo.userInteracted(userId, atMs?)        // the 7-day window (unknown people: open); later → -230
 *   zalo.expireAccessToken()                  // the current access token now answers -216
 *   zalo.refreshCalls / zalo.refreshFailures  // token refreshes answered / refused (reused refresh token)
 *   zalo.accessToken / zalo.refreshToken      // what is currently valid
 *   zalo.refreshDelayMs = 300                 // slow OAuth, to overlap two refreshers
 *   zalo.throttle(perMinute) / zalo.failNext(n, status?)   // more calls than that in a minute → -32 / HTTP 5xx
 *   zalo.refuseNext(n, error, message?)        // next n OA API calls → that Zalo error (HTTP 200, like Zalo)
 *   zalo.webhook = { base, appId, oaSecretKey, oaId }   // then sends are echoed back, signed, like Zalo:
 *                                                      // oa_send_text after a consultation message,
 *                                                      // user_received_message (with tracking_id) after ZNS
 *   await zalo.close()
 *
 * Answers like Zalo: HTTP 200 with `{ error: 0, message: 'Success', data }` or `{ error: <negative>, message }`.
 * The refresh token is single use: every refresh issues a new pair and invalidates the old one.
 */
import type { Server } from 'node:http';
import express from 'express';
import { postZalo } from './sign.ts';

export interface ZaloSent {
  userId: string;
  /** The message class: 'cs' (consultation), 'transaction' or 'promotion'. */
  type: string;
  message: { text?: string; attachment?: { payload?: { buttons?: { title: string; payload: string }[] } } } & Record<string, unknown>;
  messageId: string;
  at: number;
}

const WEEK = 7 * 24 * 60 * 60 * 1000;

export async function startFakeZalo(options: { appSecret?: string; accessToken?: string; refreshToken?: string; znsTemplates?: Record<string, string[]> } = {}) {
  const appSecret = options.appSecret ?? 'zalo-app-secret';
  const znsTemplates = options.znsTemplates ?? {};
  const sent: ZaloSent[] = [];
  const zns: { phone: string; templateId: string; data: Record<string, string>; trackingId?: string; msgId: string }[] = [];
  const users = new Map<string, { display_name: string }>();
  const lastInteraction = new Map<string, number>();
  const recent: number[] = [];
  let perMinute = Infinity;
  let failures = 0;
  let failStatus = 500;
  let refusals = { n: 0, error: 0, message: '' };
  let counter = 0;

  const fake = {
    url: '',
    sent,
    zns,
    users,
    accessToken: options.accessToken ?? 'zalo-access-0',
    refreshToken: options.refreshToken ?? 'zalo-refresh-0',
    refreshCalls: 0,
    refreshFailures: 0,
    refreshDelayMs: 0,
    webhook: undefined as { base: string; appId: string; oaSecretKey: string; oaId: string } | undefined,
    now: () => Date.now(),
    textsTo: (userId: string) => sent.filter((s) => s.userId === userId).map((s) => s.message.text),
    userInteracted: (userId: string, at?: number) => void lastInteraction.set(userId, at ?? fake.now()),
    expireAccessToken: () => void (fake.accessToken = `expired-${++counter}`),
    throttle: (n: number) => {
      perMinute = n;
      recent.length = 0;
    },
    failNext: (n: number, status = 500) => {
      failures = n;
      failStatus = status;
    },
    refuseNext: (n: number, error: number, message = 'Refused') => {
      refusals = { n, error, message };
    },
    close: async () => undefined as void,
  };

  /** Posts an event to the bot's webhook, signed, when `fake.webhook` is set (fire and forget). */
  const emit = (event: Record<string, unknown>) => {
    const hook = fake.webhook;
    if (!hook) return;
    void postZalo(hook.base, hook, { app_id: hook.appId, timestamp: String(fake.now()), ...event }).catch(() => undefined);
  };

  /** Common checks of OA API calls; answers and returns false when the call is refused. */
  const gate = (req: express.Request, res: express.Response): boolean => {
    if (failures > 0) {
      failures--;
      res.status(failStatus).send('upstream error');
      return false;
    }
    if (refusals.n > 0) {
      refusals.n--;
      res.json({ error: refusals.error, message: refusals.message });
      return false;
    }
    // Zalo's call limit is counted per minute.
    const now = fake.now();
    while (recent.length && recent[0]! <= now - 60_000) recent.shift();
    if (recent.length >= perMinute) {
      res.json({ error: -32, message: 'The application has exceeded the rate limit' });
      return false;
    }
    recent.push(now);
    if (req.get('access_token') !== fake.accessToken) {
      res.json({ error: -216, message: 'Access token is invalid' });
      return false;
    }
    return true;
  };

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false }));

  app.post('/v3.0/oa/message/:type', (req, res) => {
    if (!['cs', 'transaction', 'promotion'].includes(req.params.type)) return res.status(404).json({ error: -209, message: 'API not supported' });
    if (!gate(req, res)) return;
    const body = req.body as { recipient?: { user_id?: unknown }; message?: ZaloSent['message'] };
    const userId = body.recipient?.user_id;
    if (typeof userId !== 'string' || !body.message) return res.json({ error: -201, message: 'Invalid parameter' });
    const last = lastInteraction.get(userId);
    if (req.params.type === 'cs' && last !== undefined && fake.now() - last > WEEK) {
      return res.json({ error: -230, message: 'User has not interacted with the OA in the past 7 days' });
    }
    const messageId = `zmsg${++counter}`;
    sent.push({ userId, type: req.params.type, message: body.message, messageId, at: fake.now() });
    res.json({ error: 0, message: 'Success', data: { message_id: messageId, user_id: userId } });
    emit({ event_name: 'oa_send_text', sender: { id: fake.webhook?.oaId }, recipient: { id: userId }, message: { msg_id: messageId, text: body.message.text } });
  });

  app.get('/v3.0/oa/user/detail', (req, res) => {
    if (!gate(req, res)) return;
    let userId: unknown;
    try {
      userId = (JSON.parse(String(req.query.data)) as { user_id?: unknown }).user_id;
    } catch {
      userId = undefined;
    }
    const user = typeof userId === 'string' ? users.get(userId) : undefined;
    if (!user) return res.json({ error: -201, message: 'user is invalid' });
    res.json({ error: 0, message: 'Success', data: { user_id: userId, display_name: user.display_name, user_is_follower: true } });
  });

  app.post('/v4/oa/access_token', async (req, res) => {
    if (req.get('secret_key') !== appSecret) return res.json({ error: -14002, error_name: 'Invalid app secret', error_description: 'secret_key is invalid' });
    const body = req.body as Record<string, string | undefined>;
    if (body.grant_type !== 'refresh_token' || !body.app_id) return res.json({ error: -14003, error_name: 'Invalid parameter' });
    // Checked and rotated at once, before the (optional) delay: a second caller with the same token loses.
    const valid = body.refresh_token === fake.refreshToken;
    if (!valid) {
      fake.refreshFailures++;
      return res.json({ error: -14014, error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid or has been used' });
    }
    fake.refreshCalls++;
    const n = ++counter;
    fake.accessToken = `zalo-access-${n}`;
    fake.refreshToken = `zalo-refresh-${n}`;
    const answer = { access_token: fake.accessToken, refresh_token: fake.refreshToken, expires_in: '90000' };
    if (fake.refreshDelayMs) await new Promise((r) => setTimeout(r, fake.refreshDelayMs));
    res.json(answer);
  });

  app.post('/message/template', (req, res) => {
    if (!gate(req, res)) return;
    const body = req.body as { phone?: unknown; template_id?: unknown; template_data?: Record<string, string>; tracking_id?: string };
    if (typeof body.phone !== 'string' || !/^84\d{9,10}$/.test(body.phone)) return res.json({ error: -108, message: 'Phone number is invalid' });
    const required = typeof body.template_id === 'string' ? znsTemplates[body.template_id] : undefined;
    if (!required) return res.json({ error: -1123, message: 'Template is invalid' });
    const data = body.template_data ?? {};
    if (required.some((k) => typeof data[k] !== 'string')) return res.json({ error: -1124, message: 'Template data is invalid' });
    const msgId = `zns${++counter}`;
    zns.push({ phone: body.phone, templateId: body.template_id as string, data, trackingId: body.tracking_id, msgId });
    res.json({ error: 0, message: 'Success', data: { msg_id: msgId, sent_time: String(fake.now()), quota: { dailyQuota: '500', remainingQuota: String(500 - zns.length) } } });
    emit({ event_name: 'user_received_message', sender: { id: fake.webhook?.oaId }, recipient: { id: body.phone }, message: { msg_id: msgId, tracking_id: body.tracking_id }, delivery_time: String(fake.now()) });
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  fake.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return fake;
}

export type FakeZalo = Awaited<ReturnType<typeof startFakeZalo>>;
