import { describe, expect, it } from '@jest/globals';
import { bankHolidays, calendarCovers } from './bank-holidays.js';

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the data under test. */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const plus = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

function firstMonday(year: number, month: number): Date {
  let d = new Date(Date.UTC(year, month - 1, 1));
  while (d.getUTCDay() !== 1) d = plus(d, 1);
  return d;
}

function lastMonday(year: number, month: number): Date {
  let d = new Date(Date.UTC(year, month, 0));
  while (d.getUTCDay() !== 1) d = plus(d, -1);
  return d;
}

/** Weekend holidays move to the next weekday not already taken. */
function withSubstitutes(dates: Date[]): string[] {
  const taken = new Set<string>();
  for (const date of dates) {
    let d = date;
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6 || taken.has(iso(d))) d = plus(d, 1);
    taken.add(iso(d));
  }
  return [...taken];
}

function expectedFor(year: number): string[] {
  const easter = easterSunday(year);
  return [
    ...withSubstitutes([new Date(Date.UTC(year, 0, 1))]),
    iso(plus(easter, -2)),
    iso(plus(easter, 1)),
    iso(firstMonday(year, 5)),
    iso(lastMonday(year, 5)),
    iso(lastMonday(year, 8)),
    ...withSubstitutes([new Date(Date.UTC(year, 11, 25)), new Date(Date.UTC(year, 11, 26))]),
  ].sort();
}

describe('bank holidays from the maintained calendar', () => {
  it.each([
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
  ])('the Easter algorithm used to check %i gives %s', (year, sunday) => {
    expect(iso(easterSunday(year))).toBe(sunday);
  });

  const years = Array.from({ length: 16 }, (_, i) => 2025 + i);
  const weekdays = (dates: readonly string[]) =>
    [...new Set(dates)]
      .filter((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()))
      .sort();

  // The list used to end in 2028; the calendar now follows the statutory rules for any year.
  it.each(years.map((y) => [y]))('%i in England matches the statutory rules', (year) => {
    expect(weekdays(bankHolidays('england', year))).toEqual(expectedFor(year));
  });

  it.each(years.map((y) => [y]))('%i in Wales matches the statutory rules', (year) => {
    expect(weekdays(bankHolidays('wales', year))).toEqual(expectedFor(year));
  });

  it('knows the published 2026 list exactly', () => {
    expect(weekdays(bankHolidays('england', 2026))).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('says it covers the coming years', () => {
    for (const year of years) expect(calendarCovers('england', year)).toBe(true);
  });
});
