import { z } from 'zod';

/**
 * Reporting periods. The plan reports twice a year: mid-June on January–June ("h1") and
 * mid-December on the whole year. Periods are calendar months in Vietnam time, which has no
 * daylight saving: a fixed UTC+7.
 */
export const periodSchema = z.enum(['h1', 'year']);
export type PeriodName = z.infer<typeof periodSchema>;

const VIETNAM_OFFSET_MS = 7 * 3600_000;

export interface Period {
  year: number;
  name: PeriodName;
  /** Inclusive start and exclusive end, as instants. */
  from: Date;
  to: Date;
  /** First and last month (`YYYY-MM`) inside it. */
  firstMonth: string;
  lastMonth: string;
  months: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export function periodOf(year: number, name: PeriodName): Period {
  const lastMonthNo = name === 'h1' ? 6 : 12;
  const months = Array.from({ length: lastMonthNo }, (_, i) => `${year}-${pad(i + 1)}`);
  return {
    year,
    name,
    from: new Date(Date.UTC(year, 0, 1) - VIETNAM_OFFSET_MS),
    to: new Date(Date.UTC(year, lastMonthNo, 1) - VIETNAM_OFFSET_MS),
    firstMonth: months[0]!,
    lastMonth: months[months.length - 1]!,
    months,
  };
}

/** `YYYY-MM` of an instant, in Vietnam time. */
export function vietnamMonth(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 7);
}

export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/** `YYYY-MM-DD` of an instant, in Vietnam time. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** `DD/MM/YYYY` of an instant in Vietnam time: how dates are written on Vietnamese forms and reports. */
export function vietnamDate(at: Date): string {
  return vietnamDay(at).split('-').reverse().join('/');
}

/** The instant the Vietnam day after `at` begins: "up to and including today". */
export function endOfVietnamDay(at: Date): Date {
  const [y, m, d] = vietnamDay(at).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1) - VIETNAM_OFFSET_MS);
}

/** The same Vietnam wall-clock instant one year earlier (29 February becomes 1 March). */
export function oneYearEarlier(at: Date): Date {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  local.setUTCFullYear(local.getUTCFullYear() - 1);
  return new Date(local.getTime() - VIETNAM_OFFSET_MS);
}
