import { describe, expect, it } from 'vitest';
import { nudgeTimes } from '../../src/reminders/return-home.ts';
import { addLocalDays, formatLocal, isQuiet, nextDecentTime, previousDecentTime, zonedTime } from '../../src/core/time.ts';
import { timeZoneFromLocalTime, parseDate } from '../../src/domain/placements/answers.ts';
import { defaultSchedule } from '../helpers/scheduler.ts';

const quiet = { start: '22:00', end: '07:00' };

describe('local time', () => {
  it('turns local wall-clock times into instants, also across a DST change', () => {
    expect(zonedTime(2026, 12, 10, 9, 0, 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-12-10T02:00:00.000Z');
    expect(zonedTime(2027, 3, 27, 9, 0, 'Europe/Berlin').toISOString()).toBe('2027-03-27T08:00:00.000Z');
    expect(zonedTime(2027, 3, 29, 9, 0, 'Europe/Berlin').toISOString()).toBe('2027-03-29T07:00:00.000Z');
    // A local day later keeps 09:00 on the clock though the offset changed.
    expect(addLocalDays(new Date('2027-03-27T08:00:00Z'), 2, 'Europe/Berlin').toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(formatLocal(new Date('2026-12-10T02:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('10/12/2026 09:00');
  });

  it('never at night: 22:00–07:00 local waits for 07:00, or moves back before 22:00', () => {
    const sixSeoul = new Date('2026-12-30T21:00:00Z');
    expect(isQuiet(sixSeoul, 'Asia/Seoul', quiet)).toBe(true);
    expect(nextDecentTime(sixSeoul, 'Asia/Seoul', quiet).toISOString()).toBe('2026-12-30T22:00:00.000Z');
    const elevenPm = new Date('2026-12-30T14:00:00Z'); // 23:00 Seoul
    expect(nextDecentTime(elevenPm, 'Asia/Seoul', quiet).toISOString()).toBe('2026-12-30T22:00:00.000Z');
    expect(previousDecentTime(elevenPm, 'Asia/Seoul', quiet).toISOString()).toBe('2026-12-30T12:59:00.000Z');
    expect(isQuiet(new Date('2026-12-30T22:00:00Z'), 'Asia/Seoul', quiet)).toBe(false);
  });

  it('plans nudges 90, 60, 30, 7 days before and 3 days after the end, 09:00 in the worker\'s zone', () => {
    const times = nudgeTimes(new Date('2027-03-31T00:00:00Z'), 'Asia/Seoul', defaultSchedule);
    expect(times.map((t) => formatLocal(t, 'Asia/Seoul'))).toEqual([
      '31/12/2026 09:00',
      '30/01/2027 09:00',
      '01/03/2027 09:00',
      '24/03/2027 09:00',
      '03/04/2027 09:00',
    ]);
  });

  it('reads typed dates and the local time of an unknown country', () => {
    expect(parseDate('15/03/2027')?.toISOString()).toBe('2027-03-15T00:00:00.000Z');
    expect(parseDate('2027-03-15')?.toISOString()).toBe('2027-03-15T00:00:00.000Z');
    expect(parseDate('31/02/2027')).toBeUndefined();
    expect(parseDate('next march')).toBeUndefined();
    const now = new Date('2026-11-24T03:00:00Z');
    expect(timeZoneFromLocalTime('10:00', now)).toBe('Etc/GMT-7');
    expect(timeZoneFromLocalTime('22h', now)).toBe('Etc/GMT+5');
    expect(timeZoneFromLocalTime('soon', now)).toBeUndefined();
  });
});
