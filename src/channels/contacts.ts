import type { Connection } from 'mongoose';
import { Contacts, contactId, type ChannelId, type Language } from '../store/contacts.ts';
import type { SendError } from './outbound.ts';

/**
 * Records an inbound event on the person's contact: created on the first event (upsert by `_id`,
 * harmless when two copies do it at once), `lastInboundAt` moved forward only by events that open
 * the platform's window. Returns whether this event created the contact, and the stored language.
 */
export async function recordInbound(
  conn: Connection,
  channel: ChannelId,
  userId: string,
  at: Date,
  interaction: boolean,
): Promise<{ created: boolean; language: Language }> {
  const id = contactId(channel, userId);
  const result = await Contacts(conn).updateOne(
    { _id: id },
    {
      $setOnInsert: { channel, userId, firstInboundAt: at, ...(interaction ? {} : { lastInboundAt: at }) },
      // A person who writes again can be reached again.
      ...(interaction ? { $max: { lastInboundAt: at }, $unset: { unreachable: 1 } } : {}),
    },
    { upsert: true },
  );
  const contact = await Contacts(conn).findById(id, { language: 1 }).lean();
  return { created: result.upsertedCount === 1, language: contact?.language ?? 'vi' };
}

export async function setDisplayName(conn: Connection, channel: ChannelId, userId: string, displayName: string): Promise<void> {
  await Contacts(conn).updateOne({ _id: contactId(channel, userId) }, { $set: { displayName } });
}

/** A platform said this person cannot be reached (blocked the page…): later jobs skip them. */
export async function markUnreachable(conn: Connection, contact: string, error: SendError, at: Date): Promise<void> {
  await Contacts(conn).updateOne({ _id: contact }, { $set: { unreachable: { at, reason: error.message } } });
}
