import { describe, expect, it } from '@jest/globals';
import { bankHolidays } from './bank-holidays.js';
import { WorkingDayCalendar } from './working-days.js';

const calendar = new WorkingDayCalendar();
const at = (iso: string) => new Date(iso);
const deadline = (from: string, n: number, cal = calendar) =>
  cal.addWorkingDays(at(from), n).toISOString();

describe('WorkingDayCalendar.isWorkingDay', () => {
  it('skips weekends', () => {
    expect(calendar.isWorkingDay('2026-11-20')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true); // Monday
  });

  it.each([2026, 2027, 2031].flatMap((y) => bankHolidays('england', y)).map((d) => [d]))(
    'skips the bank holiday %s',
    (date) => {
      expect(calendar.isWorkingDay(date)).toBe(false);
    },
  );

  it('counts a day that is a holiday elsewhere in the UK but not in England', () => {
    expect(calendar.isWorkingDay('2026-01-02')).toBe(true); // Scotland only
    expect(calendar.isWorkingDay('2026-03-17')).toBe(true); // Northern Ireland only
  });

  it('skips extra configured closures', () => {
    const inset = new WorkingDayCalendar('england', ['2026-11-23', '2029-12-25']);
    expect(inset.isWorkingDay('2026-11-23')).toBe(false);
    expect(inset.isWorkingDay('2029-12-25')).toBe(false);
    expect(inset.isWorkingDay('2026-11-24')).toBe(true);
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true);
  });

  it('refuses malformed extra holidays at construction', () => {
    expect(() => new WorkingDayCalendar('england', ['2026-11-31'])).toThrow(/2026-11-31/);
    expect(() => new WorkingDayCalendar('england', ['23/11/2026'])).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it.each([
    // [from, n, deadline, why]
    ['2026-11-20T15:00:00Z', 1, '2026-11-23T23:59:59.999Z', 'Friday -> end of Monday (GMT)'],
    ['2026-11-21T10:00:00Z', 1, '2026-11-23T23:59:59.999Z', 'Saturday -> end of Monday'],
    ['2026-11-22T23:59:59Z', 1, '2026-11-23T23:59:59.999Z', 'Sunday night -> end of Monday'],
    ['2026-11-23T00:00:00Z', 1, '2026-11-24T23:59:59.999Z', 'the arrival day never counts'],
    ['2026-11-23T09:00:00Z', 5, '2026-11-30T23:59:59.999Z', 'HR clock: five working days'],
    ['2026-11-20T15:00:00Z', 0, '2026-11-20T23:59:59.999Z', 'n = 0 is the end of the same day'],
    ['2026-06-11T09:00:00Z', 1, '2026-06-12T22:59:59.999Z', 'BST: end of day is 22:59:59.999Z'],
    ['2026-06-11T23:30:00Z', 1, '2026-06-15T22:59:59.999Z', '00:30 BST Friday is Friday in London'],
    ['2026-06-11T22:30:00Z', 1, '2026-06-12T22:59:59.999Z', '23:30 BST Thursday is Thursday'],
  ])('%s + %i -> %s (%s)', (from, n, expected) => {
    expect(deadline(from, n)).toBe(expected);
  });

  it.each([
    [
      '2026-12-24T10:00:00Z',
      1,
      '2026-12-29T23:59:59.999Z',
      '2026: Christmas Friday, Boxing Day substitute Monday',
    ],
    ['2026-12-24T10:00:00Z', 2, '2026-12-30T23:59:59.999Z', '2026: then Wednesday'],
    ['2026-12-31T10:00:00Z', 1, '2027-01-04T23:59:59.999Z', "2027: New Year's Day Friday"],
    ['2025-04-17T10:00:00Z', 1, '2025-04-22T22:59:59.999Z', '2025: Easter'],
    ['2025-12-24T10:00:00Z', 1, '2025-12-29T23:59:59.999Z', '2025: Christmas Thursday and Friday'],
    ['2025-05-02T10:00:00Z', 1, '2025-05-06T22:59:59.999Z', '2025: early May'],
    ['2025-08-22T10:00:00Z', 1, '2025-08-26T22:59:59.999Z', '2025: summer bank holiday'],
    ['2026-04-02T10:00:00Z', 1, '2026-04-07T22:59:59.999Z', '2026: Easter'],
    ['2026-08-28T10:00:00Z', 1, '2026-09-01T22:59:59.999Z', '2026: summer bank holiday 31 August'],
    ['2027-03-25T10:00:00Z', 1, '2027-03-30T22:59:59.999Z', '2027: Easter, over the clock change'],
    ['2027-05-28T10:00:00Z', 1, '2027-06-01T22:59:59.999Z', '2027: spring bank holiday'],
    ['2027-12-23T10:00:00Z', 1, '2027-12-24T23:59:59.999Z', '2027: Christmas Eve is a working day'],
    ['2027-12-23T10:00:00Z', 2, '2027-12-29T23:59:59.999Z', '2027: both Christmas substitutes'],
    ['2027-12-31T10:00:00Z', 1, '2028-01-04T23:59:59.999Z', "2028: New Year's Day substitute"],
    ['2028-04-13T10:00:00Z', 1, '2028-04-18T22:59:59.999Z', '2028: Easter'],
    ['2028-04-28T10:00:00Z', 1, '2028-05-02T22:59:59.999Z', '2028: early May on the 1st'],
    ['2028-12-22T10:00:00Z', 1, '2028-12-27T23:59:59.999Z', '2028: Christmas Monday and Tuesday'],
  ])('%s + %i -> %s (%s)', (from, n, expected) => {
    expect(deadline(from, n)).toBe(expected);
  });

  it.each([
    // Friday before the last Sunday of March: Monday is in BST.
    ['2025-03-28T12:00:00Z', '2025-03-31T22:59:59.999Z'],
    ['2026-03-27T12:00:00Z', '2026-03-30T22:59:59.999Z'],
    ['2028-03-24T12:00:00Z', '2028-03-27T22:59:59.999Z'],
    // Friday before the last Sunday of October: Monday is in GMT.
    ['2025-10-24T12:00:00Z', '2025-10-27T23:59:59.999Z'],
    ['2026-10-23T12:00:00Z', '2026-10-26T23:59:59.999Z'],
    ['2027-10-29T12:00:00Z', '2027-11-01T23:59:59.999Z'],
    ['2028-10-27T12:00:00Z', '2028-10-30T23:59:59.999Z'],
  ])('across a clock change: %s + 1 -> %s', (from, expected) => {
    expect(deadline(from, 1)).toBe(expected);
  });

  it('reads the day of arrival in London on the night the clocks go back', () => {
    // 23:30Z on Saturday 24 Oct 2026 is 00:30 BST on Sunday 25th.
    expect(deadline('2026-10-24T23:30:00Z', 1)).toBe('2026-10-26T23:59:59.999Z');
    // 22:30Z is still Saturday in London; the answer is the same Monday.
    expect(deadline('2026-10-24T22:30:00Z', 1)).toBe('2026-10-26T23:59:59.999Z');
  });

  it('skips extra configured closures', () => {
    const inset = new WorkingDayCalendar('england', ['2026-11-23', '2026-11-24']);
    expect(deadline('2026-11-20T15:00:00Z', 1, inset)).toBe('2026-11-25T23:59:59.999Z');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => calendar.addWorkingDays(at('2026-11-20T15:00:00Z'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(at('2026-11-20T15:00:00Z'), 1.5)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.workingDaysBetween', () => {
  it('counts working days after the first date up to and including the second', () => {
    expect(calendar.workingDaysBetween(at('2026-11-20T15:00Z'), at('2026-11-20T23:00Z'))).toBe(0);
    expect(calendar.workingDaysBetween(at('2026-11-20T15:00Z'), at('2026-11-22T10:00Z'))).toBe(0);
    expect(calendar.workingDaysBetween(at('2026-11-20T15:00Z'), at('2026-11-23T00:01Z'))).toBe(1);
    expect(calendar.workingDaysBetween(at('2026-12-24T10:00Z'), at('2026-12-29T10:00Z'))).toBe(1);
    expect(calendar.workingDaysBetween(at('2026-11-23T09:00Z'), at('2026-11-30T09:00Z'))).toBe(5);
  });

  it('is negative when the second instant is earlier', () => {
    expect(calendar.workingDaysBetween(at('2026-11-30T09:00Z'), at('2026-11-23T09:00Z'))).toBe(-5);
  });

  it('judges both ends by the London date', () => {
    // 23:30Z on Thu 11 June 2026 is already Friday in London.
    expect(calendar.workingDaysBetween(at('2026-06-11T10:00Z'), at('2026-06-11T23:30Z'))).toBe(1);
  });

  it('inverts addWorkingDays over a year of starting points', () => {
    const cal = new WorkingDayCalendar('england', ['2026-02-16']);
    for (let day = 0; day < 366; day += 3) {
      const from = new Date(Date.UTC(2026, 0, 1, 7 + (day % 17)) + day * 86_400_000);
      for (const n of [0, 1, 2, 5, 10]) {
        const due = cal.addWorkingDays(from, n);
        expect(cal.workingDaysBetween(from, due)).toBe(n);
        expect(cal.isWorkingDay(cal.londonDate(due)) || n === 0).toBe(true);
      }
    }
  });
});
