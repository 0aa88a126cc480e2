import type { Connection } from 'mongoose';
import { MongoStorage } from './storage.ts';

/** Our channel id → botbuilder's, which is part of the state keys. */
const botChannelIds: Record<string, string> = { messenger: 'facebook' };

/**
 * Removes everything the bot remembers about a person (dialog state, language choice), every
 * version included, for erasure requests. Channels use the person's id as the conversation id.
 */
export async function eraseBotState(conn: Connection, contactId: string): Promise<void> {
  const at = contactId.indexOf(':');
  if (at <= 0) throw new Error('eraseBotState: contact id must look like <channel>:<userId>');
  const channel = contactId.slice(0, at);
  const userId = contactId.slice(at + 1);
  const botChannel = botChannelIds[channel] ?? channel;
  await new MongoStorage(conn).purge([`${botChannel}/conversations/${userId}/`, `${botChannel}/users/${userId}/`]);
}
