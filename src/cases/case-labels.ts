import type {
  AboutHeadteacher,
  Platform,
  ReferralAgency,
  ReportType,
  SubjectRelationship,
} from './case.constants.js';
import type { CaseEvent, CaseEventKind } from './case-event.entity.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/language.js';
import { words } from '../platform/i18n/words.js';
import { labelsIn, type CaseStatus, type WorkflowVocabulary } from './workflow/index.js';

/** The report vocabulary's words in one language (workflow words: WorkflowVocabulary). */
export interface ReportVocabulary {
  readonly reportType: Readonly<Record<ReportType, string>>;
  readonly platform: Readonly<Record<Platform, string>>;
  readonly agency: Readonly<Record<ReferralAgency, string>>;
  /** As a reporter answers "how are they connected to the school?" on the form. */
  readonly relationship: Readonly<Record<SubjectRelationship, string>>;
  /** The report form's answers to "Is this about the headteacher?". */
  readonly aboutHeadteacher: Readonly<Record<AboutHeadteacher, string>>;
  /** How a redacted summary refers to the subject instead of by name, in the track's words. */
  readonly subjectWithoutName: Readonly<Record<SubjectRelationship, string>>;
  /** How the timeline names each kind of event, on the pages and in the case files alike. */
  readonly event: Readonly<Record<CaseEventKind, string>>;
  /** The termly figures' outcomes that are not a finding or a response. */
  readonly termly: Readonly<Record<'actionsTaken' | 'decided' | 'closedNoFurtherAction', string>>;
}

/** Every word of a case, in one language: the pages, the case files and the mail share them. */
export type CaseVocabulary = WorkflowVocabulary & ReportVocabulary;

/** The case vocabulary in one language (from i18n/<lang>/labels.json). */
export function caseWordsIn(lang: Language): CaseVocabulary {
  return labelsIn(lang) as CaseVocabulary;
}

const english = caseWordsIn(DEFAULT_LANGUAGE);

/** The English words, kept under their old names for callers with no reader's language. */
export const REPORT_TYPE_LABEL = english.reportType;
export const PLATFORM_LABEL = english.platform;
export const AGENCY_LABEL = english.agency;
export const RELATIONSHIP_CHOICE = english.relationship;
export const ABOUT_HEADTEACHER_CHOICE = english.aboutHeadteacher;
export const OWNER_ROLE_LABEL = english.ownerRole;
export const SUBJECT_WITHOUT_NAME = english.subjectWithoutName;
export const EVENT_LABEL = english.event;

export const label = <K extends string>(
  labels: Readonly<Record<K, string>>,
  code: string | null | undefined,
): string => (code ? (labels[code as K] ?? code) : '—');

/** One timeline entry in words: a move names both statuses, an action or a referral its kind. */
export function describeEvent(
  e: Pick<CaseEvent, 'kind' | 'fromStatus' | 'toStatus' | 'data'>,
  lang: Language = DEFAULT_LANGUAGE,
): string {
  const data = JSON.parse(e.data ?? '{}') as Record<string, string>;
  const named = caseWordsIn(lang);
  const say = (key: string, args?: Record<string, unknown>) =>
    words.t(`labels.describe.${key}`, lang, args);
  switch (e.kind) {
    case 'transition': {
      const status = (s: string | null) => (s ? (named.status[s as CaseStatus] ?? s) : '');
      const kept = data.namesConfirmed === 'true';
      if (data.move === 'correct_governor_summary')
        return say(kept ? 'summaryCorrectedKept' : 'summaryCorrected');
      if (e.fromStatus === e.toStatus) {
        const what = say(data.move === 'postpone_hearing' ? 'hearingPostponed' : 'reviewed');
        return say('sameStatus', { status: status(e.toStatus), what });
      }
      return say(kept ? 'movedKept' : 'moved', {
        from: status(e.fromStatus),
        to: status(e.toStatus),
      });
    }
    case 'message':
      return say(data.from === 'reporter' ? 'messageFromReporter' : 'messageToReporter');
    case 'reclassified':
      return say('reclassified', {
        classification: label(named.classification, data.classification).toLocaleLowerCase(lang),
      });
    case 'referral':
      return say('referral', { agency: label(named.agency, data.agency) });
    case 'action':
      return say('action', { action: label(named.action, data.action) });
    // The references only: both cases are the reader's (the owner's, or HR's on the case).
    case 'merged_into':
      return say('mergedInto', { reference: data.intoReference ?? say('anotherCase') });
    case 'merged_in':
      return say('mergedIn', { reference: data.reference ?? say('anotherReport') });
    case 'letter_sent':
      return say('letterSent', {
        letter: say(data.letter === 'invitation' ? 'letterInvitation' : 'letterOutcome'),
      });
    case 'deadline_missed':
    case 'deadline_met_late':
      return say('deadline', { event: named.event[e.kind], clock: label(named.clock, data.clock) });
    default:
      return named.event[e.kind];
  }
}
