import type { TurnContext } from 'botbuilder-core';
import { channelIdSchema, contactId, type ChannelId } from '../domain/contacts.ts';

/** botbuilder's channel ids that differ from ours ('facebook' is what ChoiceFactory knows Messenger as). */
const channelAliases: Record<string, ChannelId> = { facebook: 'messenger' };

/** Our channel id for a turn; throws for a channel the service does not know. */
export function channelOf(turnContext: TurnContext): ChannelId {
  const raw = turnContext.activity.channelId;
  return channelIdSchema.parse(channelAliases[raw] ?? raw);
}

/** The contact id (`channel:userId`) of the person who sent this turn's activity. */
export function contactIdOf(turnContext: TurnContext): string {
  const userId = turnContext.activity.from?.id;
  if (!userId) throw new Error(`activity on ${turnContext.activity.channelId} has no from.id`);
  return contactId(channelOf(turnContext), userId);
}
