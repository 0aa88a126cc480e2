import type { Connection } from 'mongoose';
import { duplicatePositions } from '../../db/errors.ts';
import { InboxEvents, inboxWork } from './models.ts';
import { conversationOf, inboxId, isStorable, type InboundEvent } from './event.ts';

export interface StoreResult {
  stored: number;
  duplicates: number;
  /** Events no database could keep (an identifier with a NUL character): skipped, the rest stored. */
  refused: number;
  /** The conversations that got new work, so this copy can start on them without looking. */
  conversations: string[];
}

/**
 * Writes a webhook batch to the inbox before the webhook answers, in at most two round trips
 * whatever its size: one unordered insert of the events and, on FerretDB, one of their work items
 * (the work list, src/db/work-list.ts, chooses; on MongoDB the pending events are the work). A
 * repeat delivery hits the unique `_id` and is counted as a duplicate; a database outage throws (the
 * webhook then answers 503). An event that cannot be stored is skipped, so one bad entry never fails the batch (the
 * platform would resend the whole batch forever).
 */
export async function storeEvents(conn: Connection, events: InboundEvent[]): Promise<StoreResult> {
  const valid = events.filter(isStorable);
  const storable = uniqueById(valid);
  const result: StoreResult = { stored: 0, duplicates: valid.length - storable.length, refused: events.length - valid.length, conversations: [] };
  if (storable.length === 0) return result;
  const now = new Date();
  const docs = storable.map((event) => ({
    _id: inboxId(event),
    channel: event.channel,
    conversation: conversationOf(event),
    occurredAt: event.occurredAt,
    status: 'pending',
    event: JSON.stringify(event),
    attempts: 0,
    notBefore: 0,
    createdAt: now,
    updatedAt: now,
  }));
  const duplicates = await InboxEvents(conn)
    .collection.insertMany(docs as never[], { ordered: false })
    .then(() => new Set<number>())
    .catch(duplicatePositions);
  result.stored = docs.length - duplicates.size;
  result.duplicates += duplicates.size;
  // A first delivery may have died between the event's insert and its work item's (and was not
  // acknowledged, so the platform retried): the work list gives an event still pending its item back.
  const work = new Set(await inboxWork.add(conn, docs.filter((_, i) => !duplicates.has(i)), docs.filter((_, i) => duplicates.has(i))));
  result.conversations = [...new Set(docs.filter((d) => work.has(d._id)).map((d) => d.conversation))];
  return result;
}

/** The first of several events with one id (a batch may carry the same message twice). */
function uniqueById(events: InboundEvent[]): InboundEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const id = inboxId(e);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
