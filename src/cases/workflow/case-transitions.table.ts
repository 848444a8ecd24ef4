import type {
  CaseStatus,
  Performer,
  TransitionCommand,
  TransitionEffectKind,
} from './case-workflow.types.js';

export type CommandField = Exclude<keyof TransitionCommand, 'to'>;

/**
 * State that must hold before any input is read; a failure is a 409 because no body could
 * make the move legal right now.
 */
export type Precondition =
  /** hr_advice -> outcome: formal sanctions are only open after real HR advice. */
  | 'hr_advice_recorded'
  /** Appeal and closing edges read the outcome; its absence means corrupt data. */
  | 'outcome_recorded'
  /** One appeal per outcome. */
  | 'no_appeal_decided'
  /** A decided case closes once it can no longer be appealed. */
  | 'appeal_window_closed_or_appeal_decided';

export interface TransitionEdge {
  readonly from: CaseStatus;
  readonly to: CaseStatus;
  readonly who: readonly Performer[];
  /** Command fields that must be present and non-empty. */
  readonly requires: readonly CommandField[];
  readonly preconditions: readonly Precondition[];
  /** Which effect the caller persists, and so which input rules apply. */
  readonly effect: TransitionEffectKind;
  /** For outcome edges: whether warnings and dismissals may be chosen here. */
  readonly formalSanctions?: 'refused' | 'if_substantiated';
}

const OUTCOME_FIELDS: readonly CommandField[] = [
  'finding',
  'sanction',
  'rationale',
  'governorSummary',
];

/** DOMAIN.md §5. Anything not listed is an invalid transition. */
export const TRANSITIONS: readonly TransitionEdge[] = [
  {
    from: 'reported',
    to: 'investigating',
    who: ['owner'],
    requires: ['classification'],
    preconditions: [],
    effect: 'triage',
  },
  {
    from: 'reported',
    to: 'closed',
    who: ['owner'],
    requires: ['classification', 'rationale'],
    preconditions: [],
    effect: 'close_after_triage',
  },
  {
    from: 'investigating',
    to: 'hr_advice',
    who: ['owner'],
    requires: ['hrQuestion'],
    preconditions: [],
    effect: 'request_hr_advice',
  },
  {
    from: 'hr_advice',
    to: 'investigating',
    who: ['owner', 'hr'],
    requires: ['note'],
    preconditions: [],
    effect: 'resume_investigation',
  },
  {
    from: 'investigating',
    to: 'outcome',
    who: ['owner'],
    requires: OUTCOME_FIELDS,
    preconditions: [],
    effect: 'record_outcome',
    formalSanctions: 'refused',
  },
  {
    from: 'hr_advice',
    to: 'outcome',
    who: ['owner'],
    requires: OUTCOME_FIELDS,
    preconditions: ['hr_advice_recorded'],
    effect: 'record_outcome',
    formalSanctions: 'if_substantiated',
  },
  {
    from: 'outcome',
    to: 'appeal',
    who: ['owner'],
    requires: ['appealLodgedAt'],
    preconditions: ['outcome_recorded', 'no_appeal_decided'],
    effect: 'lodge_appeal',
  },
  {
    from: 'appeal',
    to: 'outcome',
    who: ['appeal_panel'],
    requires: ['appealResult'],
    preconditions: ['outcome_recorded', 'no_appeal_decided'],
    effect: 'decide_appeal',
  },
  {
    from: 'outcome',
    to: 'closed',
    who: ['owner'],
    requires: [],
    preconditions: ['outcome_recorded', 'appeal_window_closed_or_appeal_decided'],
    effect: 'close',
  },
];

export function findEdge(from: CaseStatus, to: CaseStatus): TransitionEdge | undefined {
  return TRANSITIONS.find((edge) => edge.from === from && edge.to === to);
}
