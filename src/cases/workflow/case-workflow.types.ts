/**
 * The vocabulary of the case workflow (DOMAIN.md §5). The arrays are the single source for DTO
 * validation and database checks; the union types are derived from them. Nothing here imports
 * Nest or TypeORM: the workflow is data and pure functions.
 */
export const CASE_STATUSES = [
  'reported',
  'investigating',
  'hr_advice',
  'hearing',
  'on_hold',
  'outcome',
  'appeal',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OPEN_STATUSES = CASE_STATUSES.filter((s) => s !== 'closed');

/** The owner's triage decision, which picks the track (with the subject's relationship). */
export const CLASSIFICATIONS = [
  'harm_threshold',
  'low_level_concern',
  'conduct_breach',
  'online_abuse',
  'pupil_behaviour',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Who a case is about, as the report (or the owner's correction) says. */
export const SUBJECT_RELATIONSHIPS = [
  'staff',
  'governor',
  'volunteer',
  'contractor',
  'agency',
  'parent',
  'pupil',
  'external',
  'unknown',
] as const;
export type SubjectRelationship = (typeof SUBJECT_RELATIONSHIPS)[number];

/** Adults who work with children: the people KCSIE's allegation and low-level-concern procedures cover. */
export const WORKFORCE: readonly SubjectRelationship[] = [
  'staff',
  'governor',
  'volunteer',
  'contractor',
  'agency',
];

/**
 * The procedure a case follows, from its classification and who it is about:
 * - `allegation`: harm threshold; the LADO is consulted; formal sanctions through a hearing;
 * - `disciplinary`: a breach by an employee, under the ACAS Code;
 * - `conduct_other`: a breach by a volunteer, governor, contractor or agency worker;
 * - `low_level_concern`: recorded and responded to, no finding, no sanction;
 * - `online_abuse`: a parent or outsider: actions, never an employee's sanction;
 * - `pupil_behaviour`: a pupil, under the behaviour and anti-bullying policies;
 * - `untriaged`: reported, not yet classified.
 */
export const TRACKS = [
  'untriaged',
  'allegation',
  'disciplinary',
  'conduct_other',
  'low_level_concern',
  'online_abuse',
  'pupil_behaviour',
] as const;
export type Track = (typeof TRACKS)[number];

export { NATIONS, type Nation } from '../../common/nation.js';
import type { Nation } from '../../common/nation.js';

/**
 * Findings. England uses KCSIE's five; Wales's guidance has four, where "deliberately invented
 * or malicious" covers both of England's last two (stored as `malicious`).
 */
export const FINDINGS = [
  'substantiated',
  'unsubstantiated',
  'unfounded',
  'false',
  'malicious',
] as const;
export type Finding = (typeof FINDINGS)[number];

/**
 * Outcomes for a person in the workforce. An employee's warnings and dismissals; for others,
 * what fits their relationship (DOMAIN.md §5): a volunteer stood down, a governor referred to
 * the board's removal procedure, a contractor or agency worker reported to their employer.
 */
export const SANCTIONS = [
  'none',
  'management_advice',
  'first_written_warning',
  'final_written_warning',
  'dismissal',
  'summary_dismissal',
  'stood_down',
  'referred_for_removal',
  'reported_to_employer',
] as const;
export type Sanction = (typeof SANCTIONS)[number];

/** Warnings and dismissals: only through a hearing, after HR advice, on a substantiated finding. */
export const FORMAL_SANCTIONS = [
  'first_written_warning',
  'final_written_warning',
  'dismissal',
  'summary_dismissal',
] as const satisfies readonly Sanction[];
export type FormalSanction = (typeof FORMAL_SANCTIONS)[number];

/** Lower index = lighter. An appeal may only move a sanction down this list. */
export const SANCTION_SEVERITY: readonly Sanction[] = [
  'none',
  'management_advice',
  'first_written_warning',
  'final_written_warning',
  'dismissal',
  'summary_dismissal',
];

/** Ending someone's work with children: closing then needs DBS (and TRA/EWC) decisions. */
export const ENDS_WORK_WITH_CHILDREN: readonly Sanction[] = [
  'dismissal',
  'summary_dismissal',
  'stood_down',
];

/** A low-level concern's response (KCSIE: no finding, no sanction). */
export const LLC_RESPONSES = ['conversation', 'guidance', 'training', 'no_action'] as const;
export type LlcResponse = (typeof LLC_RESPONSES)[number];

/** Actions on online abuse by a parent or outsider, recorded as they are taken. */
export const ABUSE_ACTIONS = [
  'meeting',
  'warning_letter',
  'premises_restriction',
  'police_report',
  'platform_takedown',
  'complaints_procedure',
] as const;
/** Actions on a pupil's behaviour. */
export const PUPIL_ACTIONS = [
  'conversation',
  'parents_informed',
  'behaviour_sanction',
  'childrens_social_care_referral',
] as const;
export const CASE_ACTIONS = [...new Set([...ABUSE_ACTIONS, ...PUPIL_ACTIONS])] as const;
export type CaseAction = (typeof ABUSE_ACTIONS)[number] | (typeof PUPIL_ACTIONS)[number];

export const APPEAL_RESULTS = ['upheld', 'reduced', 'overturned', 'withdrawn'] as const;
export type AppealResult = (typeof APPEAL_RESULTS)[number];

/** A referral decision at closing (DBS, and TRA in England or EWC in Wales). */
export const REFERRAL_DECISIONS = ['referred', 'not_required'] as const;
export type ReferralDecision = (typeof REFERRAL_DECISIONS)[number];

/** Agencies a case can be put on hold for. */
export const HOLD_AGENCIES = ['police', 'childrens_social_care', 'lado'] as const;
export type HoldAgency = (typeof HOLD_AGENCIES)[number];

/** The capacity in which someone owns a case: routed to them, or handed to them (DOMAIN.md §4). */
export const OWNER_ROLES = ['headteacher', 'dsl', 'chair_of_governors', 'governor'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

/**
 * Each line of ownership numbers its cases in its own series, so nobody can count the cases
 * kept from them by the gaps in their own list: the head's, the DSL's, and the chair's (which
 * holds the cases the head is kept out of).
 */
export const REFERENCE_LINES = ['head', 'dsl', 'chair'] as const;
export type ReferenceLine = (typeof REFERENCE_LINES)[number];

export function isFormalSanction(
  sanction: Sanction | null | undefined,
): sanction is FormalSanction {
  return (FORMAL_SANCTIONS as readonly string[]).includes(sanction ?? '');
}

/** How the actor relates to this case; worked out by the case access rule (case-access.ts). */
export interface WorkflowActor {
  /** The person who owns the case now. */
  isOwner: boolean;
  /** An HR adviser serving this school, once the case has been sent for HR advice. */
  isHr: boolean;
  /** Appointed to the panel hearing this case (an appeal, or a dismissal), and still sitting. */
  isPanelMember: boolean;
  /** The person named to hear the disciplinary hearing. */
  isHearingManager?: boolean;
}

/** Who may take a move. */
export type Performer = 'owner' | 'hr' | 'panel' | 'hearing_manager';

/** The rules that decide how long a closed case is kept (DOMAIN.md §8; see retention.ts). */
export const RETENTION_RULES = [
  /** KCSIE: a false or malicious allegation is removed from the person's file at closing. */
  'allegation_false_or_malicious',
  /** Other allegation findings: the subject's normal pension age or 10 years from the report, the later. */
  'allegation_pension_age_or_ten_years',
  /** As above, but nobody recorded the pension age: kept until someone does (never deleted early). */
  'allegation_pension_age_not_recorded',
  /** Low-level concerns are kept while the adult works at the school, then reviewed. */
  'low_level_concern_while_employed',
  'school_schedule_conduct',
  'school_schedule_online_abuse',
  'school_schedule_pupil_behaviour',
] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];

/** A school's schedule for the kinds of case the law leaves to it: years after closing. */
export interface RetentionSchedule {
  retentionConductYears: number;
  retentionOnlineAbuseYears: number;
  retentionPupilBehaviourYears: number;
}

export const DEFAULT_RETENTION_SCHEDULE: RetentionSchedule = Object.freeze({
  retentionConductYears: 6,
  retentionOnlineAbuseYears: 6,
  retentionPupilBehaviourYears: 6,
});

/** The school's own rules for its procedures (DOMAIN.md §5 defaults). */
export interface WorkflowPolicy extends RetentionSchedule {
  nation: Nation;
  /** Working days between the invitation letter and the hearing. */
  noticeWorkingDays: number;
  /** Working days from the outcome letter in which an appeal may be lodged. */
  appealWindowWorkingDays: number;
  firstWarningMonths: number;
  finalWarningMonths: number;
  /** Dismissal decided by a panel of at least three governors (maintained schools). */
  dismissalByPanel: boolean;
}

export const DEFAULT_POLICY: WorkflowPolicy = Object.freeze({
  nation: 'england',
  noticeWorkingDays: 5,
  appealWindowWorkingDays: 10,
  firstWarningMonths: 6,
  finalWarningMonths: 12,
  dismissalByPanel: false,
  ...DEFAULT_RETENTION_SCHEDULE,
});

/** Working days, as the school's calendar counts them. */
export interface WorkingDays {
  isWorkingDay(londonDate: string): boolean;
  addWorkingDays(from: Date, n: number): Date;
  workingDaysBetween(a: Date, b: Date): number;
}

/** The parts of a case that decide what may happen next. */
export interface CaseSnapshot {
  status: CaseStatus;
  classification: Classification | null;
  subjectRelationship: SubjectRelationship;
  indecentImages: boolean;
  /** A URL was given (IWF is told of web addresses of indecent images). */
  hasPostUrl: boolean;
  reportedAt: Date;
  /** Set when the case was last reclassified: the new track's clocks run from it. */
  reclassifiedAt: Date | null;
  hrAdviceCount: number;
  /** The latest LADO consultation recorded (a referral to `lado`). */
  ladoConsultedAt: Date | null;
  /** The latest police referral recorded (indecent images must reach the police the same day). */
  policeReferredAt: Date | null;
  iwfReferredAt: Date | null;
  /** Online abuse and pupil behaviour: actions recorded so far, and whether support was offered. */
  actionsRecorded: number;
  supportRecorded: boolean;
  investigatorId: string | null;
  hearingManagerId: string | null;
  invitationSentAt: Date | null;
  hearingAt: Date | null;
  /** The hearing record (who came, the notes) was made: the decision may follow. */
  hearingHeldAt?: Date | null;
  /** The hearing date first set, before any postponement. */
  originalHearingAt: Date | null;
  postponements: number;
  outcome: {
    finding: Finding | null;
    sanction: Sanction | null;
    decidedAt: Date;
    /** The outcome letter's sent date starts the appeal window. */
    letterSentAt: Date | null;
    appealResult: AppealResult | null;
  } | null;
  appealLodgedAt: Date | null;
  resignedAt: Date | null;
  /** Set once the report was merged into another case: it is worked there, never here again. */
  mergedIntoCaseId?: string | null;
}

/** What the actor asks for. Fields are typed but not trusted: decide() checks every one. */
export interface TransitionCommand {
  to: CaseStatus;
  note?: string;
  classification?: Classification;
  subjectRelationship?: SubjectRelationship;
  hrQuestion?: string;
  finding?: Finding;
  sanction?: Sanction;
  response?: LlcResponse;
  rationale?: string;
  governorSummary?: string;
  grossMisconduct?: boolean;
  ladoAgreedFinding?: boolean;
  subjectInformedAt?: Date;
  subjectInformedDeferred?: string;
  parentsInformedAt?: Date;
  parentsInformedDeferred?: string;
  holdAgency?: HoldAgency;
  holdReviewDate?: string;
  agencyAgreed?: boolean;
  investigatorId?: string;
  hearingManagerId?: string;
  hearingAt?: Date;
  hearingPlace?: string;
  invitationSentAt?: Date;
  appealLodgedAt?: Date;
  appealGrounds?: string;
  appealResult?: AppealResult;
  dbsDecision?: ReferralDecision;
  dbsDetail?: string;
  regulatorDecision?: ReferralDecision;
  regulatorDetail?: string;
  /** Closing an allegation: the date (YYYY-MM-DD) the subject reaches normal pension age. */
  subjectPensionDate?: string;
  /** Closing a false or malicious allegation: the subject consented in writing to keep it. */
  subjectConsentsToKeep?: boolean;
  /** Closing an allegation: whether it may be mentioned in a reference. */
  referenceMention?: boolean;
  /** Closing an allegation: when the subject was given a copy of the outcome. */
  outcomeCopyGivenAt?: Date;
  /** The owner keeps names the check found in the governors' summary (recorded on the event). */
  confirmNames?: boolean;
}

export type CommandField = Exclude<keyof TransitionCommand, 'to'>;

/** What a move writes on the case, beside status and version (the case row's own columns). */
export interface CaseFieldChanges {
  status?: CaseStatus;
  classification?: Classification;
  subjectRelationship?: SubjectRelationship;
  reclassifiedAt?: Date | null;
  statusEnteredAt?: Date;
  hrRequestedAt?: Date;
  hrReachedAt?: Date;
  holdAgency?: HoldAgency | null;
  holdReviewDate?: string | null;
  investigatorId?: string | null;
  hearingManagerId?: string | null;
  hearingAt?: Date | null;
  hearingPlace?: string | null;
  invitationSentAt?: Date | null;
  hearingHeldAt?: Date | null;
  originalHearingAt?: Date | null;
  postponements?: number;
  finding?: Finding | null;
  sanction?: Sanction | null;
  response?: LlcResponse | null;
  rationale?: string | null;
  governorSummary?: string | null;
  grossMisconduct?: boolean;
  warningExpiresAt?: Date | null;
  ladoAgreedFinding?: boolean | null;
  subjectInformedAt?: Date | null;
  subjectInformedDeferred?: string | null;
  parentsInformedAt?: Date | null;
  parentsInformedDeferred?: string | null;
  decidedAt?: Date | null;
  outcomeLetterSentAt?: Date | null;
  appealLodgedAt?: Date | null;
  appealGrounds?: string | null;
  appealResult?: AppealResult | null;
  appealDecidedAt?: Date | null;
  dbsDecision?: ReferralDecision | null;
  dbsDetail?: string | null;
  regulatorDecision?: ReferralDecision | null;
  regulatorDetail?: string | null;
  closedAt?: Date | null;
  retainUntil?: Date | null;
  retentionRule?: RetentionRule | null;
  subjectPensionDate?: string | null;
  subjectConsentsToKeep?: boolean | null;
  referenceMention?: boolean | null;
  outcomeCopyGivenAt?: Date | null;
}

/** Who hears of a move (in the app and by mail, with no case details). */
export type NoticeTarget = 'owner' | 'hr' | 'appointers' | 'hearing_manager' | 'reporter';

export type MoveId =
  | 'triage'
  | 'close_no_further_action'
  | 'reclassify'
  | 'request_hr_advice'
  | 'return_from_hr'
  | 'put_on_hold'
  | 'review_hold'
  | 'resume'
  | 'invite_to_hearing'
  | 'postpone_hearing'
  | 'record_outcome'
  | 'decide_after_hearing'
  | 'lodge_appeal'
  | 'decide_appeal'
  | 'close'
  | 'reopen'
  | 'merge'
  | 'correct_governor_summary';

export type TransitionErrorCode =
  | 'CASE_FORBIDDEN_TRANSITION'
  | 'CASE_INVALID_TRANSITION'
  | 'CASE_VALIDATION'
  | 'CASE_CLASSIFICATION_MISMATCH'
  | 'CASE_LADO_CONSULTATION_REQUIRED'
  | 'CASE_POLICE_REFERRAL_REQUIRED'
  | 'CASE_POLICE_INVESTIGATING'
  | 'CASE_HR_ADVICE_REQUIRED'
  | 'CASE_FORMAL_SANCTION_NEEDS_HEARING'
  | 'CASE_FORMAL_SANCTION_NEEDS_FINDING'
  | 'CASE_SANCTION_NOT_FOR_RELATIONSHIP'
  | 'CASE_FINDING_NOT_USED'
  | 'CASE_GROSS_MISCONDUCT_REQUIRED'
  | 'CASE_LADO_AGREEMENT_REQUIRED'
  | 'CASE_INFORMED_DATES_REQUIRED'
  | 'CASE_ACTION_REQUIRED'
  | 'CASE_SUPPORT_REQUIRED'
  | 'CASE_HOLD_REVIEW_TOO_FAR'
  | 'CASE_HEARING_NOTICE_TOO_SHORT'
  | 'CASE_HEARING_MANAGER_CONFLICT'
  | 'CASE_POSTPONEMENT_LIMIT'
  | 'CASE_POSTPONEMENT_TOO_LATE'
  | 'CASE_HEARING_NOT_HELD'
  | 'CASE_DISMISSAL_PANEL_REQUIRED'
  | 'CASE_OUTCOME_LETTER_REQUIRED'
  | 'CASE_APPEAL_NOT_APPEALABLE'
  | 'CASE_APPEAL_LATE'
  | 'CASE_APPEAL_CANNOT_INCREASE'
  | 'CASE_APPEAL_WINDOW_OPEN'
  | 'CASE_DBS_DECISION_REQUIRED'
  | 'CASE_REGULATOR_DECISION_REQUIRED'
  | 'CASE_REFERENCE_MENTION_NOT_ALLOWED'
  | 'CASE_MERGE_SAME_CASE'
  | 'CASE_MERGE_ALREADY_MERGED'
  | 'CASE_MERGE_CLOSED'
  | 'CASE_MERGE_TOO_LATE'
  | 'CASE_MERGE_HOLDS_MERGED'
  | 'CASE_MERGE_TRACK_MISMATCH'
  | 'CASE_MERGED';

export interface TransitionAllowed {
  ok: true;
  move: MoveId;
  from: CaseStatus;
  to: CaseStatus;
  /** What the move writes, status included. */
  changes: CaseFieldChanges;
  /** For the timeline event; null when there is none. */
  note: string | null;
  /** Codes only (never free text), for the event's data and the audit entry. */
  codes: Record<string, string>;
  notify: readonly NoticeTarget[];
}

export interface TransitionRefused {
  ok: false;
  status: 400 | 403 | 409;
  code: TransitionErrorCode;
  /** A list (one per problem) for 400, a sentence otherwise. */
  message: string | string[];
  /** The form field the refusal is about, so a page can show it beside that field. */
  field?: CommandField;
}

export type Decision = TransitionAllowed | TransitionRefused;
