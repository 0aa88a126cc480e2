import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../db/errors.ts';
import { InboxEvents } from '../../store/inbox.ts';
import { conversationOf, inboxId, type InboundEvent } from './event.ts';

/**
 * Writes webhook events to the inbox before the webhook answers. A repeat delivery hits the unique
 * `_id` and is counted as a duplicate; a database outage throws (the webhook then answers 503).
 */
export async function storeEvents(conn: Connection, events: InboundEvent[]): Promise<{ stored: number; duplicates: number }> {
  let stored = 0;
  let duplicates = 0;
  for (const event of events) {
    try {
      await InboxEvents(conn).create({
        _id: inboxId(event),
        channel: event.channel,
        conversation: conversationOf(event),
        occurredAt: event.occurredAt,
        status: 'pending',
        event: JSON.stringify(event),
      });
      stored++;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      duplicates++;
    }
  }
  return { stored, duplicates };
}
