/**
 * Local-time arithmetic with Intl only (no date library): what a UTC instant is on a person's clock,
 * and which UTC instant a local wall-clock time is. Schedules are computed in the recipient's zone;
 * everything is stored in UTC.
 */

export interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function localParts(at: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** Offset of `timeZone` from UTC at `at`, in ms (Asia/Seoul → +9 h). */
function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(at.getTime() / 60_000) * 60_000;
}

/** The instant when the clock in `timeZone` shows the given local date and time. */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes settle the offset also next to a DST change.
  let at = guess - offsetMs(new Date(guess), timeZone);
  at = guess - offsetMs(new Date(at), timeZone);
  return new Date(at);
}

/** Adds whole local calendar days (keeps the wall-clock time across DST changes). */
export function addLocalDays(at: Date, days: number, timeZone: string): Date {
  const p = localParts(at, timeZone);
  return zonedTime(p.year, p.month, p.day + days, p.hour, p.minute, timeZone);
}

/** "HH:mm" → minutes after midnight. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export interface QuietHours {
  /** Local "HH:mm" when the night starts (e.g. "22:00"). */
  start: string;
  /** Local "HH:mm" when the day starts again (e.g. "07:00"). */
  end: string;
}

export function isQuiet(at: Date, timeZone: string, quiet: QuietHours): boolean {
  const p = localParts(at, timeZone);
  const m = p.hour * 60 + p.minute;
  const s = minutesOfDay(quiet.start);
  const e = minutesOfDay(quiet.end);
  return s > e ? m >= s || m < e : m >= s && m < e;
}

/** `at` itself if it is a decent local hour, else the next end of the quiet hours. */
export function nextDecentTime(at: Date, timeZone: string, quiet: QuietHours): Date {
  if (!isQuiet(at, timeZone, quiet)) return at;
  const p = localParts(at, timeZone);
  const e = minutesOfDay(quiet.end);
  const todayEnd = zonedTime(p.year, p.month, p.day, Math.floor(e / 60), e % 60, timeZone);
  return todayEnd > at ? todayEnd : zonedTime(p.year, p.month, p.day + 1, Math.floor(e / 60), e % 60, timeZone);
}

/** `at` itself if decent, else the last decent minute before the quiet hours that contain it. */
export function previousDecentTime(at: Date, timeZone: string, quiet: QuietHours): Date {
  if (!isQuiet(at, timeZone, quiet)) return at;
  const p = localParts(at, timeZone);
  const s = minutesOfDay(quiet.start);
  const todayStart = zonedTime(p.year, p.month, p.day, Math.floor(s / 60), s % 60, timeZone);
  const start = todayStart <= at ? todayStart : zonedTime(p.year, p.month, p.day - 1, Math.floor(s / 60), s % 60, timeZone);
  return new Date(start.getTime() - 60_000);
}

/** "2026-11-24" of the instant in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** "24/11/2026 08:30" on the person's clock: how times are written in messages. */
export function formatLocal(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.day)}/${two(p.month)}/${p.year} ${two(p.hour)}:${two(p.minute)}`;
}
