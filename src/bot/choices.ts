import { ActionTypes, ActivityTypes, type Activity, type CardAction } from 'botbuilder-core';
import { sameWords, startsWithWords } from './commands.ts';

/** One button: `value` is what the bot acts on, `title` what the person sees. */
export interface Choice {
  value: string;
  title: string;
}

/**
 * A message with buttons as suggested actions; each channel adapter turns them into quick replies
 * or a numbered list, so the bot never needs to know which.
 */
export function messageWithChoices(text: string, choices: readonly Choice[]): Partial<Activity> {
  const actions: CardAction[] = choices.map((c) => ({ type: ActionTypes.ImBack, title: c.title, value: c.value }));
  return { type: ActivityTypes.Message, text, suggestedActions: { actions, to: [] } };
}

/**
 * Which choice a reply means: the button's value (quick-reply payload), its number in the list
 * ("2", "số 2", "2."), or its title (or its first words) typed with or without diacritics.
 */
export function resolveChoice(text: string | undefined, choices: readonly Choice[]): Choice | undefined {
  const typed = (text ?? '').trim();
  if (typed === '') return undefined;
  const byValue = choices.find((c) => c.value === typed);
  if (byValue) return byValue;
  const number = /^(?:s[oố]\s*)?(\d{1,2})[.)]?$/iu.exec(typed);
  if (number) return choices[Number(number[1]) - 1];
  const exact = choices.find((c) => sameWords(typed, c.title));
  if (exact) return exact;
  // The first words of a title are enough when they fit only one button.
  const starts = choices.filter((c) => startsWithWords(typed, c.title));
  return starts.length === 1 ? starts[0] : undefined;
}
