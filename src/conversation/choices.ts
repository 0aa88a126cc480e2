import { ActionTypes, ActivityTypes, type Activity, type CardAction } from 'botbuilder-core';
import { foldDiacritics, normalize } from '../content/normalize.ts';
import { sameWords, startsWithWords } from '../content/commands.ts';

/** One button: `value` is what the bot acts on, `title` what the person sees. */
export interface Choice {
  value: string;
  title: string;
  /** Everyday words that also mean this button ("nhà máy" for "Mọi công việc không có mức riêng"). */
  synonyms?: readonly string[];
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
  const bySynonym = choices.filter((c) => c.synonyms?.some((w) => containsWords(typed, w)));
  if (bySynonym.length > 0) return bySynonym[0];
  // The first words of a title are enough when they fit only one button.
  const starts = choices.filter((c) => startsWithWords(typed, c.title));
  if (starts.length === 1) return starts[0];
  return resolveLoosely(typed, choices);
}

/** Longest button title (in words) that a few typed words may stand for; longer titles are questions. */
const MAX_SHORT_TITLE_WORDS = 4;
/** Longest reply that may be read as "a button's title plus a few words" ("đổi số điện thoại"). */
const MAX_WORDS_AROUND_TITLE = 5;

/**
 * The forgiving reading, only when it points at exactly one button: abbreviations spelled out
 * ("ko biet", "k bit" = "Không biết"), a few words of a short title ("lop 9" = "THCS (lớp 9)"), or
 * a short reply containing a whole title ("đổi số điện thoại" = "Điện thoại"). Typed without
 * diacritics both sides are folded; typed with them, they must be the title's own, so "đúng"
 * never picks "Dừng".
 */
function resolveLoosely(typed: string, choices: readonly Choice[]): Choice | undefined {
  const ascii = foldDiacritics(typed) === typed.toLowerCase();
  const words = (text: string) => (ascii ? normalize(text) : plainWords(text)).split(' ').filter(Boolean);
  const said = words(typed);
  if (said.length === 0) return undefined;
  const titles = choices.map((c) => ({ choice: c, words: words(c.title) }));
  const unique = (found: { choice: Choice }[]) => (found.length === 1 ? found[0]!.choice : undefined);
  const same = unique(titles.filter((t) => t.words.join(' ') === said.join(' ')));
  if (same) return same;
  if (said.length <= 3) {
    const part = unique(titles.filter((t) => t.words.length <= MAX_SHORT_TITLE_WORDS && containsRun(t.words, said)));
    if (part) return part;
  }
  if (said.length > MAX_WORDS_AROUND_TITLE) return undefined;
  return unique(titles.filter((t) => t.words.join('').length >= 5 && t.words.length < said.length && containsRun(said, t.words)));
}

/** Lower-case words with diacritics kept and punctuation dropped. */
function plainWords(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** True when `run` appears in `words` as consecutive whole words. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  if (run.length === 0 || run.length > words.length) return false;
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((w, j) => words[i + j] === w)) return true;
  return false;
}

/** The typed text contains these words, folded ("lam xuong dien tu" contains "xuong"). */
function containsWords(typed: string, words: string): boolean {
  return ` ${normalize(typed)} `.includes(` ${normalize(words)} `);
}
