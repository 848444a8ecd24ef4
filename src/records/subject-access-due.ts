import { addCalendarDays } from '../common/clock/london-time.js';
import type { WorkingDayCalendar } from '../common/clock/working-days.js';

/** The most a request may be extended by, in months, over all its extensions (UK GDPR art. 12(3)). */
export const SAR_MAX_EXTENSION_MONTHS = 2;

/**
 * The same date `months` later; where that month is shorter, its last day (the ICO's reading:
 * a request received on 31 January is due on 28 or 29 February).
 */
export function sameDateMonthsLater(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * When the answer is due (DOMAIN.md §6): the same date a month after it was received, plus any
 * extension, moved on to the next working day of the school's calendar when it is not one.
 */
export function subjectAccessDueOn(
  receivedOn: string,
  extensionMonths: number,
  calendar: WorkingDayCalendar,
): string {
  let due = sameDateMonthsLater(receivedOn, 1 + extensionMonths);
  while (!calendar.isWorkingDay(due)) due = addCalendarDays(due, 1);
  return due;
}
