import { endOfLondonDay, isIsoDate, londonDate } from '../../common/clock/london-time.js';
import type {
  Classification,
  Finding,
  RetentionRule,
  RetentionSchedule,
} from './case-workflow.types.js';
import { DEFAULT_LANGUAGE } from '../../common/language.js';
import { words } from '../../platform/i18n/words.js';

/**
 * The rules that decide how long a closed case is kept (DOMAIN.md §8). Pure: the closing move
 * gives the facts and the moment of closing, and stores the answer on the case and its event.
 */
export interface RetentionFacts {
  classification: Classification;
  finding: Finding | null;
  reportedAt: Date;
  closedAt: Date;
  /** The calendar date (YYYY-MM-DD) the subject reaches their normal pension age. */
  subjectPensionDate?: string | null;
  /** The subject consented in writing to keep a false or malicious allegation on file. */
  subjectConsentsToKeep?: boolean | null;
}

export interface RetentionDecision {
  rule: RetentionRule;
  /** The end of the day the case may be deleted after; null while it is kept until reviewed. */
  retainUntil: Date | null;
}

/** Findings that may never be mentioned in a reference (KCSIE). */
export const NEVER_IN_REFERENCE: readonly Finding[] = [
  'unsubstantiated',
  'unfounded',
  'false',
  'malicious',
];

export function retentionAtClosing(
  facts: RetentionFacts,
  schedule: RetentionSchedule,
): RetentionDecision {
  switch (facts.classification) {
    case 'harm_threshold': {
      const removable = facts.finding === 'false' || facts.finding === 'malicious';
      if (removable && !facts.subjectConsentsToKeep)
        return { rule: 'allegation_false_or_malicious', retainUntil: facts.closedAt };
      const pension =
        facts.subjectPensionDate && isIsoDate(facts.subjectPensionDate)
          ? endOfLondonDay(facts.subjectPensionDate)
          : null;
      if (!pension) return { rule: 'allegation_pension_age_not_recorded', retainUntil: null };
      const tenYears = addYears(facts.reportedAt, 10);
      return {
        rule: 'allegation_pension_age_or_ten_years',
        retainUntil: pension.getTime() > tenYears.getTime() ? pension : tenYears,
      };
    }
    case 'low_level_concern':
      return { rule: 'low_level_concern_while_employed', retainUntil: null };
    case 'conduct_breach':
      return {
        rule: 'school_schedule_conduct',
        retainUntil: addYears(facts.closedAt, schedule.retentionConductYears),
      };
    case 'online_abuse':
      return {
        rule: 'school_schedule_online_abuse',
        retainUntil: addYears(facts.closedAt, schedule.retentionOnlineAbuseYears),
      };
    case 'pupil_behaviour':
      return {
        rule: 'school_schedule_pupil_behaviour',
        retainUntil: addYears(facts.closedAt, schedule.retentionPupilBehaviourYears),
      };
  }
}

/** Whether a closed case is due for deletion now: its date has passed and no hold stands. */
export function dueForDeletion(retainUntil: Date | null, activeHolds: number, now: Date): boolean {
  return retainUntil !== null && activeHolds === 0 && retainUntil.getTime() <= now.getTime();
}

/**
 * The end of the London day `years` calendar years after an instant's London date; 29 February
 * becomes 28 February in a year without one.
 */
export function addYears(from: Date, years: number): Date {
  const [y, m, d] = londonDate(from).split('-').map(Number);
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const date = `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
  return endOfLondonDay(date);
}

/** The rule in English words (labels.retentionRule; labelsIn(lang).retentionRule in another). */
export const RETENTION_RULE_WORDS = words.section(
  'labels.retentionRule',
  DEFAULT_LANGUAGE,
) as Readonly<Record<RetentionRule, string>>;
