import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';

import type { Nation } from '../nation.js';

export type CalendarNation = Nation;

const REGION: Record<CalendarNation, string> = { england: 'ENG', wales: 'WLS' };
const cache = new Map<string, readonly string[]>();

/**
 * The calendar library carries every country's rules and the time-zone database, a tenth of a
 * start-up to load; it is loaded at the first working-day sum instead. Synchronously (its
 * CommonJS entry), because working-day sums are.
 */
let holidaysClass: typeof Holidays | undefined;
function calendarLibrary(): typeof Holidays {
  holidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof Holidays;
  return holidaysClass;
}

/**
 * The bank holidays of a nation in a year (substitute days included), from the maintained
 * date-holidays calendar, which computes them by rule (Easter, "first Monday of May") and
 * carries the one-off days government announces. Scotland and Northern Ireland differ; schools
 * there add theirs as closure days.
 */
export function bankHolidays(nation: CalendarNation, year: number): readonly string[] {
  const key = `${nation}:${year}`;
  let dates = cache.get(key);
  if (!dates) {
    const Calendar = calendarLibrary();
    const calendar = new Calendar('GB', REGION[nation]);
    dates = (calendar.getHolidays(year) || [])
      .filter((h) => h.type === 'public' || h.type === 'bank')
      .map((h) => h.date.slice(0, 10));
    cache.set(key, dates);
  }
  return dates;
}

/**
 * Whether the calendar knows the year's bank holidays. A rule-based calendar always yields the
 * fixed ones, so this checks for the full set a UK year has (at least the eight in England and
 * Wales); a library too old for the year would be missing some and is warned about at start.
 */
export function calendarCovers(nation: CalendarNation, year: number): boolean {
  return bankHolidays(nation, year).length >= 8;
}
