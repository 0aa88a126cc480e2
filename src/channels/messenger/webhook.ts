import type { Express } from 'express';
import type { MessengerConfig } from '../../core/config.ts';
import type { WebhookKit } from '../channel.ts';
import { parseMessengerBody } from './parse.ts';
import { verifyHandshake, verifyMessengerSignature } from './verify.ts';

/**
 * GET answers Meta's subscription handshake; POST takes signed event batches: signature over the
 * raw bytes first (403, nothing stored), then zod, then the inbox.
 */
export function mountMessengerWebhooks(app: Express, kit: WebhookKit, config: MessengerConfig): void {
  app.get('/webhooks/messenger', (req, res) => {
    const challenge = verifyHandshake(req.query as Record<string, unknown>, config.verifyToken);
    if (challenge === null) throw kit.forbidden();
    res.type('text/plain').send(challenge);
  });
  app.post('/webhooks/messenger', kit.raw, async (req, res) => {
    const body = kit.rawBody(req);
    if (!verifyMessengerSignature(body, req.get('x-hub-signature-256'), config.appSecret)) throw kit.rejected();
    const batch = parseMessengerBody(kit.parseJson(body), { appId: config.appId });
    if (batch.invalid) req.log.warn({ problem: batch.invalid }, 'messenger: signed webhook body not understood; ignored');
    await kit.accept(req, batch.events, batch.ignored + (batch.invalid ? 1 : 0), batch.confirmed);
    res.status(200).send('EVENT_RECEIVED');
  });
}
