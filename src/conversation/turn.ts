import type { TurnContext } from 'botbuilder-core';
import type { TFunction } from 'i18next';
import type { Language } from '../content/i18n.ts';
import type { ContactRecord } from './types.ts';

/** What the bot's middleware puts in every turn: the person's language and translation function. */
export interface TurnInfo {
  language: Language;
  t: TFunction;
}

const turnInfoKey = Symbol('bacson.turnInfo');

export function setTurnInfo(turnContext: TurnContext, info: TurnInfo): void {
  turnContext.turnState.set(turnInfoKey, info);
}

export function turnInfo(turnContext: TurnContext): TurnInfo {
  const info = turnContext.turnState.get(turnInfoKey) as TurnInfo | undefined;
  if (!info) throw new Error('turn info missing: the turn did not go through createBot');
  return info;
}

const contactKey = Symbol('bacson.contact');

/**
 * The person's contact as the channel just recorded it (src/channels/contacts.ts), handed to the
 * turn so the bot does not read it again.
 */
export function provideContact(turnContext: TurnContext, contact: ContactRecord): void {
  turnContext.turnState.set(contactKey, contact);
}

export function providedContact(turnContext: TurnContext): ContactRecord | undefined {
  return turnContext.turnState.get(contactKey) as ContactRecord | undefined;
}
