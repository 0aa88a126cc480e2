import type { Connection } from 'mongoose';
import type { ContactRecord } from '../conversation/types.ts';
import { isDuplicateKeyError } from '../db/errors.ts';
import { type Language } from '../content/i18n.ts';
import { Contacts, contactId, type ChannelId } from '../domain/contacts.ts';
import type { SendError } from '../outbox/sender.ts';

/**
 * Records an inbound event on the person's contact and returns it, in one round trip: created on
 * the first event (upsert by `_id`; when two copies create it at once, the loser's insert hits the
 * unique `_id` and it simply updates), `lastInboundAt` moved forward only by events that open the
 * platform's window. The contact is handed to the turn, so the bot does not read it again.
 */
export async function recordInbound(
  conn: Connection,
  channel: ChannelId,
  userId: string,
  at: Date,
  interaction: boolean,
): Promise<{ created: boolean; language: Language; contact: ContactRecord }> {
  const id = contactId(channel, userId);
  const update = {
    $setOnInsert: { channel, userId, firstInboundAt: at, ...(interaction ? {} : { lastInboundAt: at }) },
    // A person who writes again can be reached again.
    ...(interaction ? { $max: { lastInboundAt: at }, $unset: { unreachable: 1 } } : {}),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await Contacts(conn).findOneAndUpdate({ _id: id }, update, { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true, includeResultMetadata: true });
      const contact = result.value!;
      return { created: result.lastErrorObject?.updatedExisting === false, language: contact.language ?? 'vi', contact };
    } catch (err) {
      if (attempt > 0 || !isDuplicateKeyError(err)) throw err;
    }
  }
}

export async function setDisplayName(conn: Connection, channel: ChannelId, userId: string, displayName: string): Promise<void> {
  await Contacts(conn).updateOne({ _id: contactId(channel, userId) }, { $set: { displayName } });
}

/** A platform said this person cannot be reached (blocked the page…): later jobs skip them. */
export async function markUnreachable(conn: Connection, contact: string, error: SendError, at: Date): Promise<void> {
  await Contacts(conn).updateOne({ _id: contact }, { $set: { unreachable: { at, reason: error.message } } });
}
