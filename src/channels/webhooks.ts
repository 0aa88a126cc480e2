import express, { type Express, type Request } from 'express';
import type { AppContext } from '../core/context.ts';
import { HttpError } from '../http/errors.ts';
import type { InboundEvent } from './inbox/event.ts';
import type { ChannelMetrics } from './metrics.ts';
import { storeEvents } from './inbox/store.ts';
import { verifyHandshake, verifyMessengerSignature } from './messenger/verify.ts';
import { parseMessengerBody } from './messenger/parse.ts';
import { signedPartSchema, parseZaloBody } from './zalo/parse.ts';
import { verifyZaloSignature } from './zalo/verify.ts';

/** Webhook bodies are small; Messenger batches stay well under this. */
export const WEBHOOK_BODY_LIMIT = '256kb';

const forbidden = () => new HttpError(403, 'forbidden', 'signature missing or invalid');

function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Zalo signs the body's own timestamp, so a captured event stays validly signed forever; the inbox
 * forgets handled events after a week (inbox/worker.ts purge). Events more than a day away from
 * now are refused, well inside that week, so a replay can never be taken for a new event.
 */
export const ZALO_REPLAY_WINDOW_MS = 24 * 60 * 60_000;

export function withinReplayWindow(timestamp: string, now: Date): boolean {
  const value = Number(timestamp);
  // Zalo sends milliseconds; ten digits would be seconds.
  const ms = value < 1e12 ? value * 1000 : value;
  return Math.abs(now.getTime() - ms) <= ZALO_REPLAY_WINDOW_MS;
}

/**
 * The platform webhooks: signature over the raw bytes first (403, nothing stored), then zod; events
 * are stored in the inbox before the 200. A signed body we cannot use is answered 200 and logged
 * once, so the platform does not resend it forever.
 */
export function mountWebhooks(app: Express, ctx: AppContext, metrics: ChannelMetrics, onStored: (conversations: string[]) => void): void {
  const raw = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  const accept = async (req: Request, channel: 'messenger' | 'zalo', events: InboundEvent[], ignored: number) => {
    const { conversations, ...result } = await storeEvents(ctx.conn, events);
    if (conversations.length > 0) onStored(conversations);
    if (result.refused > 0) req.log.warn({ refused: result.refused }, `${channel}: signed event with an identifier no database can keep; ignored`);
    metrics.webhookEvents.inc({ channel, result: 'stored' }, result.stored);
    metrics.webhookEvents.inc({ channel, result: 'duplicate' }, result.duplicates);
    metrics.webhookEvents.inc({ channel, result: 'ignored' }, ignored + result.refused);
    req.log.debug({ ...result, ignored }, 'webhook events stored');
  };
  const rejected = (channel: 'messenger' | 'zalo') => {
    metrics.webhookEvents.inc({ channel, result: 'rejected' });
    return forbidden();
  };

  const messenger = ctx.config.messenger;
  if (messenger) {
    app.get('/webhooks/messenger', (req, res) => {
      const challenge = verifyHandshake(req.query as Record<string, unknown>, messenger.verifyToken);
      if (challenge === null) throw forbidden();
      res.type('text/plain').send(challenge);
    });
    app.post('/webhooks/messenger', raw, async (req, res) => {
      const body = rawBody(req);
      if (!verifyMessengerSignature(body, req.get('x-hub-signature-256'), messenger.appSecret)) throw rejected('messenger');
      const batch = parseMessengerBody(parseJson(body), { appId: messenger.appId });
      if (batch.invalid) req.log.warn({ problem: batch.invalid }, 'messenger: signed webhook body not understood; ignored');
      await accept(req, 'messenger', batch.events, batch.ignored + (batch.invalid ? 1 : 0));
      res.status(200).send('EVENT_RECEIVED');
    });
  }

  const zalo = ctx.config.zalo;
  if (zalo) {
    app.post('/webhooks/zalo', raw, async (req, res) => {
      const body = rawBody(req);
      const json = parseJson(body);
      const signed = signedPartSchema.safeParse(json);
      if (!signed.success || !verifyZaloSignature(body, req.get('x-zevent-signature'), zalo.appId, signed.data.timestamp, zalo.oaSecretKey)) throw rejected('zalo');
      if (!withinReplayWindow(signed.data.timestamp, ctx.clock.now())) {
        // Signed, but not from today: a captured body sent again. 200 so Zalo never retries it.
        req.log.warn({ timestamp: signed.data.timestamp }, 'zalo: signed event more than 24 h from now; ignored (replayed?)');
        metrics.webhookEvents.inc({ channel: 'zalo', result: 'ignored' });
        res.status(200).json({ status: 'ok' });
        return;
      }
      const parsed = parseZaloBody(json);
      if ('invalid' in parsed) req.log.warn({ problem: parsed.invalid }, 'zalo: signed webhook body not understood; ignored');
      else if ('ignored' in parsed) req.log.debug({ eventName: parsed.ignored }, 'zalo: event not for the bot');
      await accept(req, 'zalo', 'event' in parsed ? [parsed.event] : [], 'event' in parsed ? 0 : 1);
      res.status(200).json({ status: 'ok' });
    });
  }
}
