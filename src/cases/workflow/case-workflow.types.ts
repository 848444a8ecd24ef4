/**
 * The vocabulary of the case workflow (DOMAIN.md §5). The arrays are the single source for DTO
 * validation and database checks; the union types are derived from them.
 */
export const CASE_STATUSES = [
  'reported',
  'investigating',
  'hr_advice',
  'outcome',
  'appeal',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The owner's triage decision, as in KCSIE Part 4. */
export const CLASSIFICATIONS = [
  'harm_threshold',
  'low_level_concern',
  'conduct_breach',
  'online_abuse',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** KCSIE's categories for the outcome of an allegation. */
export const FINDINGS = [
  'substantiated',
  'unsubstantiated',
  'unfounded',
  'false',
  'malicious',
] as const;
export type Finding = (typeof FINDINGS)[number];

export const SANCTIONS = [
  'none',
  'management_advice',
  'first_written_warning',
  'final_written_warning',
  'dismissal',
  'summary_dismissal',
] as const;
export type Sanction = (typeof SANCTIONS)[number];

/** Warnings and dismissals: only after HR advice, and only on a substantiated finding. */
export const FORMAL_SANCTIONS = [
  'first_written_warning',
  'final_written_warning',
  'dismissal',
  'summary_dismissal',
] as const satisfies readonly Sanction[];
export type FormalSanction = (typeof FORMAL_SANCTIONS)[number];

export const APPEAL_RESULTS = ['upheld', 'varied', 'overturned'] as const;
export type AppealResult = (typeof APPEAL_RESULTS)[number];

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

export function isFormalSanction(sanction: Sanction): sanction is FormalSanction {
  return (FORMAL_SANCTIONS as readonly string[]).includes(sanction);
}

/** How the actor relates to this case; worked out by the case access rule (case-access.ts). */
export interface WorkflowActor {
  /** The person who owns the case now. */
  isOwner: boolean;
  /** An HR adviser serving this school, once the case has been sent for HR advice. */
  isHr: boolean;
  /** Appointed to the panel hearing this case's appeal, and still sitting. */
  isPanelMember: boolean;
}

export interface CaseOutcomeSnapshot {
  finding: Finding;
  sanction: Sanction;
  decidedAt: Date;
  appealResult: AppealResult | null;
}

/** The parts of a case that decide what may happen next. */
export interface CaseSnapshot {
  status: CaseStatus;
  classification: Classification | null;
  hrAdviceCount: number;
  outcome: CaseOutcomeSnapshot | null;
  appealLodgedAt: Date | null;
}

/** What the actor asks for. Fields are typed but not trusted: decide() checks every one. */
export interface TransitionCommand {
  to: CaseStatus;
  note?: string;
  classification?: Classification;
  hrQuestion?: string;
  finding?: Finding;
  sanction?: Sanction;
  rationale?: string;
  governorSummary?: string;
  appealLodgedAt?: Date;
  appealResult?: AppealResult;
}

export interface WorkflowPolicy {
  /** Calendar days after the outcome in which an appeal may be lodged. */
  appealWindowDays: number;
}

export const DEFAULT_POLICY: WorkflowPolicy = Object.freeze({ appealWindowDays: 10 });

/** Who may take an edge: the owner, HR, or a member of the sitting appeal panel. */
export type Performer = 'owner' | 'hr' | 'appeal_panel';

export type TransitionErrorCode =
  'CASE_FORBIDDEN_TRANSITION' | 'CASE_INVALID_TRANSITION' | 'CASE_VALIDATION';

/** The outcome as the caller must store it (new, or replacing the previous one). */
export interface OutcomeRecord {
  finding: Finding;
  sanction: Sanction;
  rationale: string;
  governorSummary: string;
  decidedAt: Date;
}

/** What the caller must persist for each kind of transition, beyond the status itself. */
export type TransitionEffects =
  /** reported -> investigating */
  | { kind: 'triage'; classification: Classification }
  /** reported -> closed: no further action after triage. */
  | { kind: 'close_after_triage'; classification: Classification; rationale: string }
  /** investigating -> hr_advice */
  | { kind: 'request_hr_advice'; hrQuestion: string }
  /** hr_advice -> investigating; the reason is the decision's note. */
  | { kind: 'resume_investigation' }
  /** investigating|hr_advice -> outcome; the appeal fields start empty. */
  | { kind: 'record_outcome'; outcome: OutcomeRecord }
  /** outcome -> appeal */
  | { kind: 'lodge_appeal'; appealLodgedAt: Date }
  /**
   * appeal -> outcome. Finding, rationale and decidedAt of the outcome stay as they were; the
   * sanction becomes `sanction` (changed only by 'varied' and 'overturned').
   */
  | {
      kind: 'decide_appeal';
      appealResult: AppealResult;
      previousSanction: Sanction;
      sanction: Sanction;
      appealDecidedAt: Date;
    }
  /** outcome -> closed */
  | { kind: 'close' };

export type TransitionEffectKind = TransitionEffects['kind'];

export interface TransitionAllowed {
  ok: true;
  from: CaseStatus;
  to: CaseStatus;
  /** For the timeline event; null when the actor gave none. */
  note: string | null;
  effects: TransitionEffects;
}

export interface TransitionRefused {
  ok: false;
  status: 400 | 403 | 409;
  code: TransitionErrorCode;
  /** A list (one per problem) for 400, a sentence otherwise. */
  message: string | string[];
}

export type Decision = TransitionAllowed | TransitionRefused;
