import { commandKey } from '../../content/commands.ts';

/**
 * Parsers for typed answers in the register-interest dialog. botbuilder's recognizers know no
 * Vietnamese (see docs), so answers are read here.
 */

const YES = new Set(['co', 'ok', 'oke', 'okie', 'yes', 'y', '1', 'dong y', 'u', 'vang', 'da co', 'roi', 'co roi', 'toi dong y', 'i agree']);
const NO = new Set(['khong', 'ko', 'k', 'kh', 'no', 'n', '2', 'chua', 'khong dong y', 'chua co', 'i do not agree']);

/** "có", "co", "ok", "yes", "1" → true; "không", "ko", "k", "no", "2" → false; else undefined. */
export function parseYesNo(text: string): boolean | undefined {
  const key = commandKey(text);
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return undefined;
}

/** Minimum age to go abroad under contract (Law 69/2020/QH14 Art. 3.1). */
export const MIN_AGE = 18;
/** Oldest age still worth registering; recruiters rarely take people older than this. */
export const MAX_AGE = 65;

export type BirthYearAnswer = { year: number } | { error: 'format' } | { error: 'young' | 'range'; year: number };

/**
 * A year of birth from "1998", "năm 1998", "sinh năm 98", "12/03/1998". Two digits mean the
 * latest year that is not in the future. The person must turn 18 this year at the latest.
 */
export function parseBirthYear(text: string, currentYear: number): BirthYearAnswer {
  const t = text.normalize('NFC').trim();
  const four = t.match(/(?<!\d)(\d{4})(?!\d)/g);
  const two = /^(?:\D*\s)?(\d{2})$/.exec(t);
  let year: number;
  if (four && four.length === 1) year = Number(four[0]);
  else if (!four && two) {
    const yy = Number(two[1]);
    year = 2000 + yy <= currentYear ? 2000 + yy : 1900 + yy;
  } else return { error: 'format' };
  if (year > currentYear || year < currentYear - MAX_AGE) return { error: 'range', year };
  if (currentYear - year < MIN_AGE) return { error: 'young', year };
  return { year };
}

/** A full name: letters, spaces, dots, apostrophes and hyphens, 2–80 characters, no digits. */
export function parseFullName(text: string): string | undefined {
  const name = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (name.length < 2 || name.length > 80) return undefined;
  if (!/^[\p{L}\p{M}][\p{L}\p{M} .'-]*$/u.test(name)) return undefined;
  return name;
}

/** Title-case a name typed all in lower case ("nguyễn thị hoà" → "Nguyễn Thị Hoà"). */
export function tidyName(name: string): string {
  if (name !== name.toLowerCase()) return name;
  return name.replace(/(^|\s)(\p{L})/gu, (_m, s: string, c: string) => s + c.toUpperCase());
}

/** Short names people type for the markets (folded: no diacritics, lower case). */
const MARKET_ALIASES: Record<string, string> = {
  nhat: 'japan',
  'nhat ban': 'japan',
  japan: 'japan',
  han: 'korea',
  'han quoc': 'korea',
  korea: 'korea',
  'dai loan': 'taiwan',
  taiwan: 'taiwan',
  'sung ta': 'china_chongzuo',
  'trung quoc': 'china_chongzuo',
  'quang tay': 'china_chongzuo',
  china: 'china_chongzuo',
  chongzuo: 'china_chongzuo',
  'chau au': 'europe',
  europe: 'europe',
  'trung dong': 'middle_east',
  'middle east': 'middle_east',
  'dong nam a': 'southeast_asia',
  uc: 'australia',
  australia: 'australia',
  khac: 'other',
  'nuoc khac': 'other',
  other: 'other',
};

/** A market id from a typed short name ("nhật", "han quoc", "Đài Loan"), if it is one. */
export function parseMarket(text: string): string | undefined {
  return MARKET_ALIASES[commandKey(text)];
}
