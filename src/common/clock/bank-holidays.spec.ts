import { describe, expect, it } from '@jest/globals';
import {
  BANK_HOLIDAY_DATES,
  BANK_HOLIDAY_YEARS,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
} from './bank-holidays.js';

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

describe('England and Wales bank holidays', () => {
  it.each([
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
  ])('the Easter algorithm used to check %i gives %s', (year, sunday) => {
    expect(iso(easterSunday(year))).toBe(sunday);
  });

  it.each(BANK_HOLIDAY_YEARS.map((y) => [y]))('%i matches the statutory rules', (year) => {
    const shipped = BANK_HOLIDAY_DATES.filter((d) => d.startsWith(`${year}-`)).sort();
    expect(shipped).toEqual(expectedFor(year));
  });

  it.each([
    [
      '2025',
      [
        '2025-01-01',
        '2025-04-18',
        '2025-04-21',
        '2025-05-05',
        '2025-05-26',
        '2025-08-25',
        '2025-12-25',
        '2025-12-26',
      ],
    ],
    [
      '2026',
      [
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ],
    ],
    [
      '2027',
      [
        '2027-01-01',
        '2027-03-26',
        '2027-03-29',
        '2027-05-03',
        '2027-05-31',
        '2027-08-30',
        '2027-12-27',
        '2027-12-28',
      ],
    ],
    [
      '2028',
      [
        '2028-01-03',
        '2028-04-14',
        '2028-04-17',
        '2028-05-01',
        '2028-05-29',
        '2028-08-28',
        '2028-12-25',
        '2028-12-26',
      ],
    ],
  ])('%s is exactly the published list', (year, dates) => {
    expect(BANK_HOLIDAY_DATES.filter((d) => d.startsWith(`${year}-`))).toEqual(dates);
  });

  it('holds only weekdays, each once, in order, each named', () => {
    expect(new Set(BANK_HOLIDAY_DATES).size).toBe(BANK_HOLIDAY_DATES.length);
    expect([...BANK_HOLIDAY_DATES].sort()).toEqual(BANK_HOLIDAY_DATES);
    for (const { date, name } of ENGLAND_AND_WALES_BANK_HOLIDAYS) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      expect([date, weekday === 0 || weekday === 6]).toEqual([date, false]);
      expect(name.length).toBeGreaterThan(0);
    }
  });

  it('names substitute days as such', () => {
    const substitutes = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) =>
      h.name.includes('substitute'),
    );
    expect(substitutes.map((h) => h.date)).toEqual([
      '2026-12-28',
      '2027-12-27',
      '2027-12-28',
      '2028-01-03',
    ]);
  });
});
