import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../db/errors.ts';
import { InboxEvents, InboxPending } from '../../store/inbox.ts';
import { conversationOf, inboxId, type InboundEvent } from './event.ts';

/**
 * Writes webhook events to the inbox before the webhook answers. A repeat delivery hits the unique
 * `_id` and is counted as a duplicate; a database outage throws (the webhook then answers 503).
 */
export async function storeEvents(conn: Connection, events: InboundEvent[]): Promise<{ stored: number; duplicates: number }> {
  let stored = 0;
  let duplicates = 0;
  for (const event of events) {
    const _id = inboxId(event);
    const conversation = conversationOf(event);
    try {
      await InboxEvents(conn).create({ _id, channel: event.channel, conversation, occurredAt: event.occurredAt, status: 'pending', event: JSON.stringify(event) });
      stored++;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      duplicates++;
      // A first delivery may have died between the two inserts (and was not acknowledged, so the
      // platform retried): an event still pending must have its work item.
      const existing = await InboxEvents(conn).findById(_id, { status: 1 }).lean();
      if (existing?.status !== 'pending') continue;
    }
    await markPending(conn, { _id, conversation, occurredAt: event.occurredAt });
  }
  return { stored, duplicates };
}

/** Adds the event's work item; already there is fine. */
async function markPending(conn: Connection, item: { _id: string; conversation: string; occurredAt: number }): Promise<void> {
  try {
    await InboxPending(conn).create({ ...item, notBefore: 0 });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}
