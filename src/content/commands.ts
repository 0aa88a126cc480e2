import { commandWords, typoTolerant, withinOneEdit } from './matcher.ts';
import { foldDiacritics } from './normalize.ts';

/** Lower case NFC, punctuation and extra spaces removed; diacritics kept. */
function plainKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The form in which button titles and typed answers are compared: lower case, no diacritics
 * (đ→d), punctuation and extra spaces removed. People on cheap phones often type without diacritics.
 */
export function commandKey(text: string): string {
  return foldDiacritics(plainKey(text));
}

/**
 * True when `typed` is `phrase`. Typed without diacritics, it matches the phrase's folded form
 * ("dung" = "dừng"); typed with diacritics, it must be the phrase itself, so "đúng" (right) is
 * not taken for "dừng" (stop).
 */
export function sameWords(typed: string, phrase: string): boolean {
  if (typed.trim() === '?' || phrase === '?') return typed.trim() === phrase;
  const plain = plainKey(typed);
  if (plain === '') return false;
  const ascii = foldDiacritics(plain) === plain;
  return ascii ? plain === commandKey(phrase) : plain === plainKey(phrase);
}

/**
 * The looser reading of a command, for phrases long enough to tell a typo from another word
 * (six letters or more: "đăng ký", "gặp cán bộ", "xoá dữ liệu", "ngôn ngữ", "hội nghị"):
 * polite words around it are dropped ("cho mình đăng ký với ạ") and one typo is forgiven
 * ("dang kyy", "gap can boo"). Typed with diacritics, other diacritics make another word.
 */
export function looseSameWords(typed: string, phrase: string): boolean {
  const phraseKey = commandWords(phrase);
  if (!typoTolerant(phraseKey)) return false;
  const typedKey = commandWords(typed);
  if (!typedKey || typedKey.split(' ').length > 6) return false;
  const squeeze = (k: string) => k.replace(/ /g, '');
  const plain = plainKey(typed);
  const typedWithMarks = foldDiacritics(plain) !== plain;
  // "đúng lại" folds like "dừng lại": typed with diacritics, it must be the phrase's own words.
  if (typedKey === phraseKey) return !typedWithMarks || plain.includes(plainKey(phrase));
  return withinOneEdit(squeeze(typedKey), squeeze(phraseKey));
}

/** True when `typed` is the first words of `phrase` ("qua cong ty" for "Qua công ty/đơn vị"), same rules as sameWords. */
export function startsWithWords(typed: string, phrase: string): boolean {
  const plain = plainKey(typed);
  if (plain.length < 3) return false;
  const ascii = foldDiacritics(plain) === plain;
  const target = ascii ? commandKey(phrase) : plainKey(phrase);
  return target === plain || target.startsWith(`${plain} `);
}

export type GlobalCommand = 'menu' | 'help' | 'stop' | 'staff' | 'language';

/** Whole-message commands that work anywhere, in both languages. */
const globalCommands: Record<GlobalCommand, readonly string[]> = {
  menu: ['menu', 'menu chính', 'danh mục', 'main menu', 'bắt đầu', 'start', 'home', 'quay lại bot', 'quay lại trợ lý', 'trở lại trợ lý', 'back to the bot'],
  help: ['help', 'giúp', 'trợ giúp', 'giúp đỡ', 'hướng dẫn', '?'],
  stop: ['stop', 'huỷ', 'hủy', 'huỷ bỏ', 'hủy bỏ', 'dừng', 'dừng lại', 'thoát', 'thôi', 'cancel', 'quit', 'exit'],
  staff: ['gặp cán bộ', 'nói chuyện với cán bộ', 'gặp nhân viên', 'gặp người thật', 'talk to staff', 'talk to a person'],
  language: ['ngôn ngữ', 'đổi ngôn ngữ', 'chọn ngôn ngữ', 'language', 'change language'],
};

/**
 * The global command this message is, if any. Only whole messages count, so "dừng nhắc" (stop
 * reminders, a feature dialog's command) and "hủy hợp đồng thế nào" are not taken for "stop".
 */
export function globalCommandOf(text: string): GlobalCommand | undefined {
  const entries = Object.entries(globalCommands) as [GlobalCommand, readonly string[]][];
  for (const [command, phrases] of entries) if (phrases.some((p) => sameWords(text, p))) return command;
  for (const [command, phrases] of entries) if (phrases.some((p) => looseSameWords(text, p))) return command;
  return undefined;
}

/** True when the message is one of these commands (exactly, or in the looser reading above). */
export function isCommand(text: string, commands: readonly string[]): boolean {
  return commands.some((c) => sameWords(text, c)) || commands.some((c) => looseSameWords(text, c));
}
