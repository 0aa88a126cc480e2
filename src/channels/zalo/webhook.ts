import type { Express } from 'express';
import type { ZaloConfig } from '../../core/config.ts';
import type { Clock } from '../../core/clock.ts';
import type { WebhookKit } from '../channel.ts';
import { parseZaloBody, signedPartSchema } from './parse.ts';
import { verifyZaloSignature } from './verify.ts';

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

/** POST /webhooks/zalo: signature (over the raw bytes and the body's timestamp), replay window, zod, inbox. */
export function mountZaloWebhooks(app: Express, kit: WebhookKit, config: ZaloConfig, clock: Clock): void {
  app.post('/webhooks/zalo', kit.raw, async (req, res) => {
    const body = kit.rawBody(req);
    const json = kit.parseJson(body);
    const signed = signedPartSchema.safeParse(json);
    if (!signed.success || !verifyZaloSignature(body, req.get('x-zevent-signature'), config.appId, signed.data.timestamp, config.oaSecretKey)) throw kit.rejected();
    if (!withinReplayWindow(signed.data.timestamp, clock.now())) {
      // Signed, but not from today: a captured body sent again. 200 so Zalo never retries it.
      req.log.warn({ timestamp: signed.data.timestamp }, 'zalo: signed event more than 24 h from now; ignored (replayed?)');
      kit.ignored();
      res.status(200).json({ status: 'ok' });
      return;
    }
    const parsed = parseZaloBody(json);
    if ('invalid' in parsed) req.log.warn({ problem: parsed.invalid }, 'zalo: signed webhook body not understood; ignored');
    else if ('ignored' in parsed) req.log.debug({ eventName: parsed.ignored }, 'zalo: event not for the bot');
    await kit.accept(req, 'event' in parsed ? [parsed.event] : [], 'event' in parsed ? 0 : 1);
    res.status(200).json({ status: 'ok' });
  });
}
