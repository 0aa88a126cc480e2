import express, { type Request } from 'express';
import type { Connection } from 'mongoose';
import type { AppContext } from '../core/context.ts';
import type { ChannelId } from '../domain/contacts.ts';
import { databaseUnavailable, HttpError } from '../http/errors.ts';
import type { WebhookKit } from './channel.ts';
import type { InboundEvent } from './inbox/event.ts';
import type { ChannelMetrics } from './metrics.ts';
import { storeEvents, type StoreResult } from './inbox/store.ts';
import { storeReceipts } from '../outbox/receipts.ts';
import { isDatabaseError } from '../db/errors.ts';

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
 * Stores the batch; when the database refuses it for any reason (down, restarting, a backend error),
 * nothing was acknowledged: 503 with Retry-After, so the platform sends the batch again.
 */
async function store(conn: Connection, req: Request, channel: ChannelId, events: InboundEvent[], confirmed: readonly string[]): Promise<StoreResult> {
  try {
    const result = await storeEvents(conn, events);
    await storeReceipts(conn, channel, confirmed);
    return result;
  } catch (err) {
    if (!isDatabaseError(err)) throw err;
    // The error's name and code only: a bulk write error carries the documents, i.e. what people typed.
    const { name, code } = err as { name?: string; code?: unknown };
    req.log.warn({ error: { name, code } }, 'webhook batch not stored; asking the platform to resend');
    throw databaseUnavailable();
  }
}

/**
 * The shared half of every channel's webhook routes (each channel mounts its own, from its
 * folder): events are stored in the inbox before the 200. A signed body we cannot use is answered
 * 200 and logged once, so the platform does not resend it forever.
 */
export function webhookKit(ctx: AppContext, metrics: ChannelMetrics, channel: ChannelId, onStored: (conversations: string[]) => void): WebhookKit {
  const raw = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  return {
    raw,
    rawBody,
    parseJson,
    forbidden,
    async accept(req: Request, events: InboundEvent[], ignored: number, confirmed: readonly string[] = []) {
      // A route may only speak for its own channel: an event naming another would land in that channel's conversations.
      const foreign = events.find((e) => e.channel !== channel);
      if (foreign) throw new Error(`${channel} webhook produced an event for channel ${foreign.channel}`);
      const { conversations, ...result } = await store(ctx.conn, req, channel, events, confirmed);
      if (conversations.length > 0) onStored(conversations);
      if (result.refused > 0) req.log.warn({ refused: result.refused }, `${channel}: signed event with an identifier no database can keep; ignored`);
      metrics.webhookEvents.inc({ channel, result: 'stored' }, result.stored);
      metrics.webhookEvents.inc({ channel, result: 'duplicate' }, result.duplicates);
      metrics.webhookEvents.inc({ channel, result: 'ignored' }, ignored + result.refused);
      metrics.webhookEvents.inc({ channel, result: 'receipt' }, confirmed.length);
      req.log.debug({ ...result, ignored }, 'webhook events stored');
    },
    rejected() {
      metrics.webhookEvents.inc({ channel, result: 'rejected' });
      return forbidden();
    },
    ignored(count = 1) {
      metrics.webhookEvents.inc({ channel, result: 'ignored' }, count);
    },
  };
}
