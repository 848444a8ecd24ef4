import { endOfLondonDay, londonDate } from '../../common/clock/london-time.js';
import { DEFAULT_LANGUAGE, type Language } from '../../common/language.js';
import { words } from '../../platform/i18n/words.js';
import {
  isFormalSanction,
  type AppealResult,
  type CaseStatus,
  type Classification,
  type Sanction,
  type WorkingDays,
} from './case-workflow.types.js';

export const TRIAGE_WORKING_DAYS = 1;
export const LADO_WORKING_DAYS = 1;
export const HR_ANSWER_WORKING_DAYS = 5;
export const REVIEW_WORKING_DAYS = 20;
export const TAKEDOWN_WORKING_DAYS = 2;

export const CLOCK_KINDS = [
  'triage',
  'lado',
  'police',
  'hr_advice',
  'investigation_review',
  'hold_review',
  'takedown',
  'appeal_window',
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/** Who is reminded: the owner or HR; when late, who else hears of it (DOMAIN.md §6). */
export type ClockHolder = 'owner' | 'hr';
export type Escalation = 'chair_or_dsl' | 'chair' | 'owner';

export interface RunningClock {
  kind: ClockKind;
  /** When it started running: a clock of a day or less gets no "due tomorrow" reminder. */
  startedAt: Date;
  dueAt: Date;
  holder: ClockHolder;
  escalateTo: Escalation | null;
  /**
   * A window, not a duty: the appeal window closing makes closing possible; nobody is late.
   * It is reminded, but never kept as a missed deadline and never makes a case overdue.
   */
  window: boolean;
}

/** The case facts the clocks read (all columns of the case row). */
export interface ClockInputs {
  status: CaseStatus;
  reportedAt: Date;
  reclassifiedAt: Date | null;
  classification: Classification | null;
  safeguarding: boolean;
  indecentImages: boolean;
  ladoReferredAt: Date | null;
  policeReferredAt: Date | null;
  hrRequestedAt: Date | null;
  lastHrAdviceAt: Date | null;
  statusEnteredAt: Date | null;
  lastReviewAt: Date | null;
  holdReviewDate: string | null;
  outcomeLetterSentAt: Date | null;
  appealResult: AppealResult | null;
  sanction: Sanction | null;
  takedownRequestedAt: Date | null;
}

/** The deadlines of DOMAIN.md §6 still running for a case, earliest first. */
export function runningClocks(
  c: ClockInputs,
  calendar: WorkingDays,
  appealWindowWorkingDays = 10,
): RunningClock[] {
  const clocks: RunningClock[] = [];
  const open = c.status !== 'closed';
  const clock = (
    kind: ClockKind,
    startedAt: Date,
    dueAt: Date,
    holder: ClockHolder = 'owner',
    escalateTo: Escalation | null = null,
  ) =>
    clocks.push({ kind, startedAt, dueAt, holder, escalateTo, window: kind === 'appeal_window' });

  if (c.status === 'reported') {
    clock('triage', c.reportedAt, calendar.addWorkingDays(c.reportedAt, TRIAGE_WORKING_DAYS));
  }
  // A safeguarding report counts as harm threshold until the owner triages it as something else;
  // after a reclassification the LADO is consulted about the case as it now stands.
  const harm =
    c.classification === 'harm_threshold' || (c.classification === null && c.safeguarding);
  const consulted =
    c.ladoReferredAt !== null &&
    (c.reclassifiedAt === null || c.ladoReferredAt.getTime() >= c.reclassifiedAt.getTime());
  if (open && harm && !consulted) {
    const from = c.reclassifiedAt ?? c.reportedAt;
    clock('lado', from, calendar.addWorkingDays(from, LADO_WORKING_DAYS), 'owner', 'chair_or_dsl');
  }
  if (open && c.indecentImages && !c.policeReferredAt) {
    // The end of the working day it was reported on (the next one, if reported on a closed day).
    const sameDay = calendar.isWorkingDay(londonDate(c.reportedAt))
      ? calendar.addWorkingDays(c.reportedAt, 0)
      : calendar.addWorkingDays(c.reportedAt, 1);
    clock('police', c.reportedAt, sameDay, 'owner', 'chair');
  }
  const awaitingHr =
    c.status === 'hr_advice' &&
    c.hrRequestedAt !== null &&
    (c.lastHrAdviceAt === null || c.lastHrAdviceAt < c.hrRequestedAt);
  if (awaitingHr) {
    clock(
      'hr_advice',
      c.hrRequestedAt!,
      calendar.addWorkingDays(c.hrRequestedAt!, HR_ANSWER_WORKING_DAYS),
      'hr',
      'owner',
    );
  }
  if (c.status === 'investigating') {
    const entered = c.statusEnteredAt ?? c.reportedAt;
    const since = c.lastReviewAt && c.lastReviewAt > entered ? c.lastReviewAt : entered;
    clock('investigation_review', since, calendar.addWorkingDays(since, REVIEW_WORKING_DAYS));
  }
  if (c.status === 'on_hold' && c.holdReviewDate) {
    clock('hold_review', c.statusEnteredAt ?? c.reportedAt, endOfLondonDay(c.holdReviewDate));
  }
  if (open && c.takedownRequestedAt) {
    clock(
      'takedown',
      c.takedownRequestedAt,
      calendar.addWorkingDays(c.takedownRequestedAt, TAKEDOWN_WORKING_DAYS),
    );
  }
  if (
    c.status === 'outcome' &&
    c.outcomeLetterSentAt &&
    !c.appealResult &&
    isFormalSanction(c.sanction)
  ) {
    clock(
      'appeal_window',
      c.outcomeLetterSentAt,
      calendar.addWorkingDays(c.outcomeLetterSentAt, appealWindowWorkingDays),
    );
  }
  return clocks.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The earliest running deadline (windows aside), stored on the case so lists can sort by it. */
export function nextDueAt(
  c: ClockInputs,
  calendar: WorkingDays,
  appealWindowWorkingDays?: number,
): Date | null {
  return runningClocks(c, calendar, appealWindowWorkingDays).find((k) => !k.window)?.dueAt ?? null;
}

/** Each clock's working days, where its duration is a count (DOMAIN.md §6). */
const CLOCK_DAYS: Readonly<Partial<Record<ClockKind, number>>> = {
  triage: TRIAGE_WORKING_DAYS,
  lado: LADO_WORKING_DAYS,
  hr_advice: HR_ANSWER_WORKING_DAYS,
  investigation_review: REVIEW_WORKING_DAYS,
  takedown: TAKEDOWN_WORKING_DAYS,
};

/**
 * How soon a running clock needs the holder to act, as a mail says it ("needs action within 1
 * working day"), in the reader's language.
 */
export function clockWithin(kind: ClockKind, lang: Language = DEFAULT_LANGUAGE): string {
  const { key, args } = clockWithinWords(kind);
  return words.t(key, lang, args);
}

/** Those words as a catalogue key and its values, for a mail worded later in its reader's language. */
export function clockWithinWords(kind: ClockKind): { key: string; args?: { count: number } } {
  const count = CLOCK_DAYS[kind];
  return count === undefined
    ? { key: `labels.clockWithin.${kind}` }
    : { key: 'labels.clockWithin.days', args: { count } };
}

export const CLOCK_WITHIN: Readonly<Record<ClockKind, string>> = Object.fromEntries(
  CLOCK_KINDS.map((kind) => [kind, clockWithin(kind)]),
) as Record<ClockKind, string>;

/** Words for a clock, for reminders and the case files (in English; labelsIn(lang).clock else). */
export const CLOCK_LABEL = words.section('labels.clock', DEFAULT_LANGUAGE) as Readonly<
  Record<ClockKind, string>
>;
