/**
 * A fake Graph API (Messenger Send API + User Profile) on 127.0.0.1, for tests and load tests.
 *
 *   const graph = await startFakeGraph({ pageAccessToken: 'tok' });
 *   MESSENGER_API_BASE = graph.apiBase                 // e.g. http://127.0.0.1:PORT/v25.0
 *   graph.sent                                          // every accepted message, in order
 *   graph.textsTo(psid)                                 // the texts one person received
 *   graph.actions                                       // sender actions (typing_on…)
 *   graph.profiles.set(psid, { first_name, last_name })
 *   graph.userWrote(psid, atMs?)                        // opens the 24 h window (unknown people: open); later → error 10/2018278
 *   graph.block(psid)                                   // → error 551/1545041 (person not available)
 *   graph.throttle(perSecond)                           // more sends than that in 1 s → error 613
 *   graph.failNext(n, status?)                          // next n sends → HTTP 500, error code 2
 *   graph.refuseNext(n, code, subcode?, message?)       // next n sends → that Graph error (HTTP 400)
 *   graph.now = () => ms                                // the fake's clock, for the window model
 *   graph.webhook = { base, appSecret, pageId }         // then each accepted message is echoed back
 *                                                       // (message_echoes with its metadata + message_deliveries),
 *                                                       // signed, retried for 2 min when not answered 200, like Meta
 *   await graph.close()
 *
 * Answers like Graph: `{ recipient_id, message_id }`, or `{ error: { message, type, code, error_subcode?, fbtrace_id } }`.
 */
import type { Server } from 'node:http';
import express from 'express';
import { messengerBatch, postMessenger } from './sign.ts';

export interface SentMessage {
  recipientId: string;
  messagingType: string;
  message: { text?: string; quick_replies?: { title: string; payload: string }[]; template?: { name: string; components?: unknown } } & Record<string, unknown>;
  messageId: string;
  at: number;
}

const DEPRECATED_TAGS = new Set(['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE']);
const DAY = 24 * 60 * 60 * 1000;

export async function startFakeGraph(options: { pageAccessToken?: string; version?: string; utilityTemplates?: string[] } = {}) {
  const token = options.pageAccessToken ?? 'page-token';
  const version = options.version ?? 'v25.0';
  const utilityTemplates = new Set(options.utilityTemplates ?? []);
  const sent: SentMessage[] = [];
  const actions: { recipientId: string; action: string }[] = [];
  const profiles = new Map<string, { first_name?: string; last_name?: string }>();
  const lastUserAction = new Map<string, number>();
  const blocked = new Set<string>();
  const recentSends: number[] = [];
  let perSecond = Infinity;
  let failures = 0;
  let failStatus = 500;
  let refusals: { n: number; code: number; subcode?: number; message: string } = { n: 0, code: 0, message: '' };
  let counter = 0;

  const fake = {
    apiBase: '',
    sent,
    actions,
    profiles,
    requests: 0,
    webhook: undefined as { base: string; appSecret: string; pageId: string } | undefined,
    now: () => Date.now(),
    textsTo: (psid: string) => sent.filter((s) => s.recipientId === psid).map((s) => s.message.text),
    userWrote: (psid: string, at?: number) => void lastUserAction.set(psid, at ?? fake.now()),
    block: (psid: string) => void blocked.add(psid),
    throttle: (n: number) => {
      perSecond = n;
      recentSends.length = 0;
    },
    failNext: (n: number, status = 500) => {
      failures = n;
      failStatus = status;
    },
    refuseNext: (n: number, code: number, subcode?: number, message = 'Refused.') => {
      refusals = { n, code, subcode, message };
    },
    close: async () => undefined as void,
  };

  /**
   * Like Meta, a webhook delivery that fails (service down, non-2xx) is tried again, every second
   * for up to two minutes, to whatever `fake.webhook` is then (a restarted service behind it).
   */
  let closed = false;
  const deliverWebhook = async (items: object[]) => {
    for (let attempt = 0; attempt < 120 && !closed; attempt++) {
      const hook = fake.webhook;
      if (!hook) return;
      const ok = await postMessenger(hook.base, hook.appSecret, messengerBatch(hook.pageId, items)).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };

  const error = (res: express.Response, status: number, code: number, message: string, subcode?: number) =>
    res.status(status).json({ error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: `trace${++counter}` } });

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post([`/${version}/me/messages`, `/${version}/:pageId/messages`], (req, res) => {
    fake.requests++;
    if (req.query.access_token !== token) return error(res, 400, 190, 'Invalid OAuth access token.');
    const body = req.body as { recipient?: { id?: unknown }; messaging_type?: unknown; tag?: unknown; message?: SentMessage['message']; sender_action?: unknown };
    const psid = body.recipient?.id;
    if (typeof psid !== 'string') return error(res, 400, 100, '(#100) The parameter recipient is required');
    if (failures > 0) {
      failures--;
      return error(res, failStatus, 2, 'An unexpected error has occurred. Please retry your request later.');
    }
    if (refusals.n > 0) {
      refusals.n--;
      return error(res, 400, refusals.code, refusals.message, refusals.subcode);
    }
    const now = fake.now();
    while (recentSends.length && recentSends[0]! <= now - 1000) recentSends.shift();
    if (recentSends.length >= perSecond) return error(res, 400, 613, '(#613) Calls to this api have exceeded the rate limit.');
    recentSends.push(now);
    if (blocked.has(psid)) return error(res, 400, 551, "(#551) This person isn't available right now.", 1545041);
    if (typeof body.sender_action === 'string') {
      actions.push({ recipientId: psid, action: body.sender_action });
      return res.json({ recipient_id: psid });
    }
    const type = String(body.messaging_type ?? '');
    if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG', 'UTILITY'].includes(type)) return error(res, 400, 100, '(#100) messaging_type is required');
    if (type === 'MESSAGE_TAG' && DEPRECATED_TAGS.has(String(body.tag))) return error(res, 400, 100, '(#100) Invalid parameter', 1893061);
    const message = body.message;
    if (!message) return error(res, 400, 100, '(#100) message is required');
    if (type === 'UTILITY') {
      if (!message.template || !utilityTemplates.has(message.template.name)) return error(res, 400, 100, '(#100) Template not found or not approved');
    } else {
      const last = lastUserAction.get(psid);
      if (last !== undefined && now - last > DAY) return error(res, 400, 10, '(#10) This message is sent outside of allowed window.', 2018278);
      if (typeof message.text === 'string' && [...message.text].length > 2000) return error(res, 400, 100, '(#100) Length of param message[text] must be less than or equal to 2000');
      if ((message.quick_replies?.length ?? 0) > 13) return error(res, 400, 100, '(#100) param message[quick_replies] must have at most 13 elements');
    }
    const messageId = `m_${++counter}`;
    sent.push({ recipientId: psid, messagingType: type, message, messageId, at: now });
    res.json({ recipient_id: psid, message_id: messageId });
    const hook = fake.webhook;
    if (hook) {
      const metadata = typeof message.metadata === 'string' ? { metadata: message.metadata } : {};
      const echo = { sender: { id: hook.pageId }, recipient: { id: psid }, timestamp: now, message: { is_echo: true, app_id: 1234567890, ...metadata, mid: messageId, text: message.text } };
      const delivery = { sender: { id: psid }, recipient: { id: hook.pageId }, delivery: { mids: [messageId], watermark: now } };
      void deliverWebhook([echo, delivery]);
    }
  });
  app.get(`/${version}/:psid`, (req, res) => {
    if (req.query.access_token !== token) return error(res, 400, 190, 'Invalid OAuth access token.');
    const p = profiles.get(req.params.psid);
    if (!p) return error(res, 400, 100, 'Unsupported get request.', 33);
    res.json({ ...p, id: req.params.psid });
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  fake.apiBase = `http://127.0.0.1:${port}/${version}`;
  fake.close = () => new Promise<void>((r) => { closed = true; server.closeAllConnections(); server.close(() => r()); });
  return fake;
}

export type FakeGraph = Awaited<ReturnType<typeof startFakeGraph>>;
