import type { WorkingDayCalendar } from '../common/clock/working-days.js';
import type { CaseRecord } from './case.entity.js';

export const TRIAGE_WORKING_DAYS = 1;
export const LADO_WORKING_DAYS = 1;
export const HR_ANSWER_WORKING_DAYS = 5;

export type ClockKind = 'triage' | 'lado_referral' | 'hr_answer';

export interface RunningClock {
  kind: ClockKind;
  dueAt: Date;
}

type ClockInputs = Pick<
  CaseRecord,
  | 'status'
  | 'reportedAt'
  | 'safeguarding'
  | 'classification'
  | 'ladoReferredAt'
  | 'hrRequestedAt'
  | 'lastHrAdviceAt'
>;

/** The deadlines of DOMAIN.md §6 that are still running for a case. */
export function runningClocks(c: ClockInputs, calendar: WorkingDayCalendar): RunningClock[] {
  const clocks: RunningClock[] = [];
  if (c.status === 'reported') {
    clocks.push({
      kind: 'triage',
      dueAt: calendar.addWorkingDays(c.reportedAt, TRIAGE_WORKING_DAYS),
    });
  }
  // A safeguarding report counts as harm threshold until the owner triages it as something else.
  const harm =
    c.classification === 'harm_threshold' || (c.classification === null && c.safeguarding);
  if (harm && !c.ladoReferredAt && c.status !== 'closed') {
    clocks.push({
      kind: 'lado_referral',
      dueAt: calendar.addWorkingDays(c.reportedAt, LADO_WORKING_DAYS),
    });
  }
  const awaitingHr =
    c.status === 'hr_advice' &&
    c.hrRequestedAt !== null &&
    (c.lastHrAdviceAt === null || c.lastHrAdviceAt < c.hrRequestedAt);
  if (awaitingHr) {
    clocks.push({
      kind: 'hr_answer',
      dueAt: calendar.addWorkingDays(c.hrRequestedAt!, HR_ANSWER_WORKING_DAYS),
    });
  }
  return clocks.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The earliest running deadline, stored on the case so lists can filter and sort by it. */
export function nextDueAt(c: ClockInputs, calendar: WorkingDayCalendar): Date | null {
  return runningClocks(c, calendar)[0]?.dueAt ?? null;
}
