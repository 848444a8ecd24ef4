import { describe, expect, it } from '@jest/globals';
import {
  addCalendarDays,
  dayOfWeek,
  endOfLondonDay,
  isIsoDate,
  londonDate,
  startOfLondonDay,
} from './london-time.js';

describe('londonDate', () => {
  it.each([
    ['2026-01-15T23:59:59.999Z', '2026-01-15', 'GMT: London date is the UTC date'],
    ['2026-06-11T23:00:00.000Z', '2026-06-12', 'BST: 23:00Z is already midnight in London'],
    ['2026-06-11T22:59:59.999Z', '2026-06-11', 'BST: last ms of the day'],
    ['2026-03-29T00:59:59.999Z', '2026-03-29', 'just before the clocks go forward'],
    ['2026-03-28T23:59:59.999Z', '2026-03-28', 'the night before the clocks go forward'],
    ['2026-10-24T23:30:00.000Z', '2026-10-25', 'still BST on the night the clocks go back'],
    ['2026-10-25T23:30:00.000Z', '2026-10-25', 'GMT again after the clocks went back'],
    ['2026-12-31T23:59:59.999Z', '2026-12-31', 'year end in winter'],
  ])('%s is %s (%s)', (instant, date) => {
    expect(londonDate(new Date(instant))).toBe(date);
  });

  it('rejects an invalid Date', () => {
    expect(() => londonDate(new Date(NaN))).toThrow(RangeError);
  });
});

describe('londonDate against Intl, instant by instant', () => {
  // The offset is remembered per UTC hour; Intl asked afresh for each instant is the reference.
  const direct = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });

  it('agrees every 7 minutes across both 2026 clock changes, and at scattered instants 1990-2060', () => {
    const instants: number[] = [];
    for (const around of ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z']) {
      for (let m = -36 * 60; m <= 36 * 60; m += 7) instants.push(Date.parse(around) + m * 60_000);
    }
    let seed = 20;
    for (let i = 0; i < 5_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      instants.push(Date.UTC(1990, 0, 1) + (seed / 2 ** 31) * 70 * 365.25 * 86_400_000);
    }
    for (const t of instants) {
      expect([new Date(t).toISOString(), londonDate(new Date(t))]).toEqual([
        new Date(t).toISOString(),
        direct.format(new Date(t)),
      ]);
    }
  });
});

describe('start and end of a London day', () => {
  it.each([
    ['2026-01-15', '2026-01-15T00:00:00.000Z', '2026-01-15T23:59:59.999Z'],
    ['2026-06-12', '2026-06-11T23:00:00.000Z', '2026-06-12T22:59:59.999Z'],
    // Last Sunday of March: starts in GMT, ends in BST (a 23-hour day).
    ['2025-03-30', '2025-03-30T00:00:00.000Z', '2025-03-30T22:59:59.999Z'],
    ['2026-03-29', '2026-03-29T00:00:00.000Z', '2026-03-29T22:59:59.999Z'],
    ['2027-03-28', '2027-03-28T00:00:00.000Z', '2027-03-28T22:59:59.999Z'],
    ['2028-03-26', '2028-03-26T00:00:00.000Z', '2028-03-26T22:59:59.999Z'],
    // Last Sunday of October: starts in BST, ends in GMT (a 25-hour day).
    ['2025-10-26', '2025-10-25T23:00:00.000Z', '2025-10-26T23:59:59.999Z'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z', '2026-10-25T23:59:59.999Z'],
    ['2027-10-31', '2027-10-30T23:00:00.000Z', '2027-10-31T23:59:59.999Z'],
    ['2028-10-29', '2028-10-28T23:00:00.000Z', '2028-10-29T23:59:59.999Z'],
  ])('%s runs from %s to %s', (date, start, end) => {
    expect(startOfLondonDay(date).toISOString()).toBe(start);
    expect(endOfLondonDay(date).toISOString()).toBe(end);
    expect(londonDate(startOfLondonDay(date))).toBe(date);
    expect(londonDate(endOfLondonDay(date))).toBe(date);
    expect(londonDate(new Date(endOfLondonDay(date).getTime() + 1))).toBe(addCalendarDays(date, 1));
  });
});

describe('calendar dates', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-11-20', 10)).toBe('2026-11-30');
    expect(addCalendarDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('adds whole days across a clock change', () => {
    expect(addCalendarDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addCalendarDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addCalendarDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('knows the weekday', () => {
    expect(dayOfWeek('2026-11-20')).toBe(5);
    expect(dayOfWeek('2026-11-21')).toBe(6);
    expect(dayOfWeek('2026-11-22')).toBe(0);
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
  });
});
