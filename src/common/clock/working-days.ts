import { bankHolidays, type CalendarNation } from './bank-holidays.js';
import {
  addCalendarDays,
  dayOfWeek,
  endOfLondonDay,
  isIsoDate,
  londonDate,
} from './london-time.js';

/**
 * Working days as a school sees them: Monday to Friday in London, minus its nation's bank
 * holidays and any closure days the school (or the deployment) adds.
 */
export class WorkingDayCalendar {
  private readonly closures: ReadonlySet<string>;

  constructor(
    private readonly nation: CalendarNation = 'england',
    extraHolidays: readonly string[] = [],
  ) {
    const bad = extraHolidays.filter((d) => !isIsoDate(d));
    if (bad.length > 0) {
      throw new RangeError(`Extra holidays must be YYYY-MM-DD dates; got: ${bad.join(', ')}`);
    }
    this.closures = new Set(extraHolidays);
  }

  isWorkingDay(londonDate: string): boolean {
    const weekday = dayOfWeek(londonDate);
    if (weekday === 0 || weekday === 6 || this.closures.has(londonDate)) return false;
    return !bankHolidays(this.nation, Number(londonDate.slice(0, 4))).includes(londonDate);
  }

  /**
   * The deadline "within n working days of `from`": the end (23:59:59.999 London) of the n-th
   * working day strictly after the London date of `from`. The day it arrives never counts, so a
   * report at 16:59 on a Friday gets all of Monday. n = 0 is the end of `from`'s own day.
   */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`addWorkingDays: n must be a whole number >= 0, got ${n}`);
    }
    let day = this.londonDate(from);
    for (let counted = 0; counted < n;) {
      day = addCalendarDays(day, 1);
      if (this.isWorkingDay(day)) counted++;
    }
    return endOfLondonDay(day);
  }

  /**
   * Working days after the London date of `a` up to and including that of `b`, so that
   * workingDaysBetween(x, addWorkingDays(x, n)) === n. Negative when b is before a.
   */
  workingDaysBetween(a: Date, b: Date): number {
    const start = this.londonDate(a);
    const end = this.londonDate(b);
    if (start === end) return 0;
    const [low, high, sign] = start < end ? [start, end, 1] : [end, start, -1];
    let count = 0;
    for (let day = addCalendarDays(low, 1); day <= high; day = addCalendarDays(day, 1)) {
      if (this.isWorkingDay(day)) count++;
    }
    return sign * count;
  }

  londonDate(d: Date): string {
    return londonDate(d);
  }
}
