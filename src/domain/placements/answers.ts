import { commandKey } from '../../content/commands.ts';
import { localParts } from '../../core/time.ts';

/**
 * Parsers for the return-plan dialog's typed answers: dates, "skip", and the local time from which a
 * time zone is worked out when the country is not in our list.
 */

export function isSkip(text: string): boolean {
  return ['bo qua', 'skip', 'khong', 'ko', 'no', 'k', '-'].includes(commandKey(text));
}

/** "15/03/2027", "15-3-2027", "2027-03-15" → a UTC-midnight Date of that calendar day; else undefined. */
export function parseDate(text: string): Date | undefined {
  const t = text.trim();
  let d: number, m: number, y: number;
  const dmy = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(t);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (ymd) [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/** A contract end worth planning for: not more than a year past, not more than ten years ahead. */
export function plausibleContractEnd(date: Date, now: Date): boolean {
  const year = 365 * 86_400_000;
  return date.getTime() > now.getTime() - year && date.getTime() < now.getTime() + 10 * year;
}

/**
 * The zone of someone whose clock shows `text` ("14:30", "2h", "14 giờ") at `now`: a fixed-offset
 * `Etc/GMT±N` zone (note the inverted sign of that naming). Whole hours only.
 */
export function timeZoneFromLocalTime(text: string, now: Date): string | undefined {
  const m = /^(\d{1,2})(?:\s*(?::|h|g|giờ|gio)\s*(\d{1,2})?)?\s*(?:phút|phut)?$/iu.exec(text.trim());
  if (!m) return undefined;
  const hour = Number(m[1]);
  if (hour > 23) return undefined;
  const utc = localParts(now, 'UTC');
  let offset = hour - utc.hour;
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  if (offset === 0) return 'Etc/GMT';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** Digits of a phone number as typed ("0912 345 678", "+84 912345678"), or undefined. */
export function parsePhone(text: string): string | undefined {
  const digits = text.replace(/[\s.\-()]/g, '');
  return /^\+?\d{8,15}$/.test(digits) ? digits : undefined;
}
