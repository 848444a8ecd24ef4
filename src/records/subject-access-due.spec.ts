import { describe, expect, it } from '@jest/globals';
import { WorkingDayCalendar } from '../common/clock/working-days.js';
import { sameDateMonthsLater, subjectAccessDueOn } from './subject-access-due.js';

describe('subject access due date', () => {
  const england = new WorkingDayCalendar('england');

  it('is the same date next month, or that month’s last day when it has no such date', () => {
    expect(sameDateMonthsLater('2026-03-10', 1)).toBe('2026-04-10');
    expect(sameDateMonthsLater('2027-01-31', 1)).toBe('2027-02-28');
    expect(sameDateMonthsLater('2028-01-31', 1)).toBe('2028-02-29');
    expect(sameDateMonthsLater('2026-12-15', 1)).toBe('2027-01-15');
    expect(sameDateMonthsLater('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('moves to the next working day over weekends and bank holidays', () => {
    // 2026-04-10 is a Friday: a working day.
    expect(subjectAccessDueOn('2026-03-10', 0, england)).toBe('2026-04-10');
    // 2027-02-28 is a Sunday: Monday 1 March.
    expect(subjectAccessDueOn('2027-01-31', 0, england)).toBe('2027-03-01');
    // 2026-12-25 (Friday) and 28 December (the Boxing Day substitute) are bank holidays.
    expect(subjectAccessDueOn('2026-11-25', 0, england)).toBe('2026-12-29');
    // Extended by two months: three months from receipt.
    expect(subjectAccessDueOn('2026-03-10', 2, england)).toBe('2026-06-10');
  });

  it("counts the school's own closure days", () => {
    const closed = new WorkingDayCalendar('england', ['2026-04-10']);
    expect(subjectAccessDueOn('2026-03-10', 0, closed)).toBe('2026-04-13');
  });
});
