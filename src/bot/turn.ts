import type { TurnContext } from 'botbuilder-core';
import type { TFunction } from 'i18next';
import type { Language } from '../store/contacts.ts';

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
