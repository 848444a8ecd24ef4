import { addCalendarDays, endOfLondonDay, londonDate } from '../../common/clock/london-time.js';
import {
  findEdge,
  TRANSITIONS,
  type CommandField,
  type Precondition,
  type TransitionEdge,
} from './case-transitions.table.js';
import {
  APPEAL_RESULTS,
  CASE_STATUSES,
  CLASSIFICATIONS,
  DEFAULT_POLICY,
  FINDINGS,
  FORMAL_SANCTIONS,
  isFormalSanction,
  SANCTIONS,
  type AppealResult,
  type CaseSnapshot,
  type CaseStatus,
  type Classification,
  type Decision,
  type Finding,
  type Performer,
  type Sanction,
  type TransitionCommand,
  type TransitionEffects,
  type TransitionRefused,
  type WorkflowActor,
  type WorkflowPolicy,
} from './case-workflow.types.js';

/**
 * The one place that decides whether a case may move. Pure: the caller loads the snapshot,
 * works out how the actor relates to the case, passes the time, and persists the effects.
 *
 * Checks run in a fixed order so that the answer never depends on which field was wrong:
 * 403 (no part in any case workflow) -> 409 (no such edge) -> 403 (not this edge's role)
 * -> 409 (state forbids it now) -> 400 (input).
 */
export function decide(
  snapshot: CaseSnapshot,
  command: TransitionCommand,
  actor: WorkflowActor,
  now: Date,
  policy: WorkflowPolicy = DEFAULT_POLICY,
): Decision {
  if (!mayTakePartInWorkflow(actor)) {
    return refuse(403, 'CASE_FORBIDDEN_TRANSITION', 'You may not change the status of this case');
  }
  const input = (typeof command === 'object' && command !== null ? command : {}) as Fields;
  if (!isOneOf(CASE_STATUSES, input.to)) {
    return refuse(400, 'CASE_VALIDATION', [`to must be one of: ${CASE_STATUSES.join(', ')}`]);
  }
  const to = input.to;
  const edge = findEdge(snapshot.status, to);
  if (!edge) {
    return refuse(
      409,
      'CASE_INVALID_TRANSITION',
      `A case cannot move from ${snapshot.status} to ${to}`,
    );
  }
  if (!edge.who.some((performer) => performs(performer, actor))) {
    return refuse(
      403,
      'CASE_FORBIDDEN_TRANSITION',
      `Only ${edge.who.map(describePerformer).join(' or ')} may move this case from ${edge.from} to ${edge.to}`,
    );
  }
  const blocked = edge.preconditions
    .map((p) => unmetPrecondition(p, snapshot, now, policy))
    .find((reason) => reason !== null);
  if (blocked) return refuse(409, 'CASE_INVALID_TRANSITION', blocked);

  const problems: string[] = [];
  const fields = readFields(input, edge, problems);
  const effects = buildEffects(edge, fields, snapshot, now, policy, problems);
  if (effects === null) return refuse(400, 'CASE_VALIDATION', problems);
  return { ok: true, from: edge.from, to: edge.to, note: fields.note ?? null, effects };
}

/**
 * What this actor may attempt now. Targets needing input are listed when the edge exists, the
 * role fits and every precondition that does not depend on the input holds.
 */
export function allowedTransitions(
  snapshot: CaseSnapshot,
  actor: WorkflowActor,
  now: Date,
  policy: WorkflowPolicy = DEFAULT_POLICY,
): CaseStatus[] {
  if (!mayTakePartInWorkflow(actor)) return [];
  return TRANSITIONS.filter(
    (edge) =>
      edge.from === snapshot.status &&
      edge.who.some((performer) => performs(performer, actor)) &&
      edge.preconditions.every((p) => unmetPrecondition(p, snapshot, now, policy) === null),
  ).map((edge) => edge.to);
}

/** The last London calendar date on which an appeal may be lodged. */
export function appealWindowLastDay(
  decidedAt: Date,
  policy: WorkflowPolicy = DEFAULT_POLICY,
): string {
  return addCalendarDays(londonDate(decidedAt), policy.appealWindowDays);
}

/** The instant after which the outcome can no longer be appealed (end of the last day, London). */
export function appealWindowClosesAt(
  decidedAt: Date,
  policy: WorkflowPolicy = DEFAULT_POLICY,
): Date {
  return endOfLondonDay(appealWindowLastDay(decidedAt, policy));
}

/** Actors with no possible part in any case of the school are refused before anything else. */
function mayTakePartInWorkflow(actor: WorkflowActor): boolean {
  return actor.isOwner || actor.isHr || actor.isPanelMember;
}

function performs(performer: Performer, actor: WorkflowActor): boolean {
  switch (performer) {
    case 'owner':
      return actor.isOwner;
    case 'hr':
      return actor.isHr;
    case 'appeal_panel':
      return actor.isPanelMember;
  }
}

function describePerformer(performer: Performer): string {
  switch (performer) {
    case 'owner':
      return 'the case owner';
    case 'hr':
      return 'the HR adviser';
    case 'appeal_panel':
      return 'a member of the appeal panel appointed for this case';
  }
}

function unmetPrecondition(
  precondition: Precondition,
  snapshot: CaseSnapshot,
  now: Date,
  policy: WorkflowPolicy,
): string | null {
  switch (precondition) {
    case 'hr_advice_recorded':
      return snapshot.hrAdviceCount >= 1
        ? null
        : 'No HR advice has been recorded yet: an outcome after HR advice needs at least one entry';
    case 'outcome_recorded':
      return snapshot.outcome ? null : 'This case has no recorded outcome';
    case 'no_appeal_decided':
      return snapshot.outcome?.appealResult == null
        ? null
        : 'An appeal against this outcome has already been decided';
    case 'appeal_window_closed_or_appeal_decided': {
      const outcome = snapshot.outcome;
      if (!outcome || outcome.appealResult != null) return null;
      const closesAt = appealWindowClosesAt(outcome.decidedAt, policy);
      return now.getTime() > closesAt.getTime()
        ? null
        : `The appeal window is still open (until the end of ${appealWindowLastDay(outcome.decidedAt, policy)})`;
    }
  }
}

/** The command as received: any field may hold anything until checked. */
type Fields = Partial<Record<keyof TransitionCommand, unknown>>;

interface CheckedFields {
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

const TEXT_FIELDS = ['note', 'hrQuestion', 'rationale', 'governorSummary'] as const;
const ENUM_FIELDS = {
  classification: CLASSIFICATIONS,
  finding: FINDINGS,
  sanction: SANCTIONS,
  appealResult: APPEAL_RESULTS,
} as const;

/**
 * Shape checks on every field present (an unknown value is wrong whichever edge it came with),
 * then presence checks for what the edge requires. Blank text counts as absent.
 */
function readFields(input: Fields, edge: TransitionEdge, problems: string[]): CheckedFields {
  const out: CheckedFields = {};
  for (const field of TEXT_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') problems.push(`${field} must be text`);
    else if (value.trim() !== '') out[field] = value.trim();
  }
  for (const [field, allowed] of Object.entries(ENUM_FIELDS) as [
    keyof typeof ENUM_FIELDS,
    readonly string[],
  ][]) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (isOneOf(allowed, value)) (out as Record<string, unknown>)[field] = value;
    else problems.push(`${field} must be one of: ${allowed.join(', ')}`);
  }
  const lodged = input.appealLodgedAt;
  if (lodged !== undefined && lodged !== null) {
    if (lodged instanceof Date && !Number.isNaN(lodged.getTime())) out.appealLodgedAt = lodged;
    else problems.push('appealLodgedAt must be a valid date and time');
  }
  for (const field of edge.requires) {
    if (out[field] === undefined && !alreadyReported(field, problems)) {
      problems.push(`${field} is required`);
    }
  }
  return out;
}

function alreadyReported(field: CommandField, problems: string[]): boolean {
  return problems.some((p) => p.startsWith(`${field} `));
}

/**
 * Rules that read several fields or the snapshot. Each runs whenever its own inputs are there,
 * so one answer lists every problem; effects are built only when there are none.
 */
function buildEffects(
  edge: TransitionEdge,
  f: CheckedFields,
  snapshot: CaseSnapshot,
  now: Date,
  policy: WorkflowPolicy,
  problems: string[],
): TransitionEffects | null {
  switch (edge.effect) {
    case 'record_outcome':
      if (f.sanction !== undefined && isFormalSanction(f.sanction)) {
        if (edge.formalSanctions !== 'if_substantiated') problems.push(FORMAL_NEEDS_HR);
        else if (f.finding !== undefined && f.finding !== 'substantiated') {
          problems.push(formalNeedsSubstantiated(f.sanction));
        }
      }
      break;
    case 'lodge_appeal':
      if (f.appealLodgedAt !== undefined) {
        checkAppealDate(
          f.appealLodgedAt,
          present(snapshot.outcome).decidedAt,
          now,
          policy,
          problems,
        );
      }
      break;
    case 'decide_appeal':
      if (f.appealResult === 'varied') {
        checkVariedSanction(
          f.sanction,
          present(snapshot.outcome),
          snapshot.hrAdviceCount,
          problems,
        );
      }
      break;
  }
  if (problems.length > 0) return null;

  switch (edge.effect) {
    case 'triage':
      return { kind: 'triage', classification: present(f.classification) };
    case 'close_after_triage':
      return {
        kind: 'close_after_triage',
        classification: present(f.classification),
        rationale: present(f.rationale),
      };
    case 'request_hr_advice':
      return { kind: 'request_hr_advice', hrQuestion: present(f.hrQuestion) };
    case 'resume_investigation':
      return { kind: 'resume_investigation' };
    case 'record_outcome':
      return {
        kind: 'record_outcome',
        outcome: {
          finding: present(f.finding),
          sanction: present(f.sanction),
          rationale: present(f.rationale),
          governorSummary: present(f.governorSummary),
          decidedAt: new Date(now.getTime()),
        },
      };
    case 'lodge_appeal':
      return {
        kind: 'lodge_appeal',
        appealLodgedAt: new Date(present(f.appealLodgedAt).getTime()),
      };
    case 'decide_appeal': {
      const outcome = present(snapshot.outcome);
      const result = present(f.appealResult);
      return {
        kind: 'decide_appeal',
        appealResult: result,
        previousSanction: outcome.sanction,
        // 'upheld' keeps the sanction, 'overturned' lifts it, 'varied' replaces it.
        sanction:
          result === 'upheld'
            ? outcome.sanction
            : result === 'overturned'
              ? 'none'
              : present(f.sanction),
        appealDecidedAt: new Date(now.getTime()),
      };
    }
    case 'close':
      return { kind: 'close' };
  }
}

function checkAppealDate(
  lodgedAt: Date,
  decidedAt: Date,
  now: Date,
  policy: WorkflowPolicy,
  problems: string[],
): void {
  if (lodgedAt.getTime() > now.getTime()) {
    problems.push('appealLodgedAt must not be in the future');
  }
  if (lodgedAt.getTime() < decidedAt.getTime()) {
    problems.push('appealLodgedAt must not be before the outcome was decided');
  } else if (lodgedAt.getTime() > appealWindowClosesAt(decidedAt, policy).getTime()) {
    problems.push(
      `appealLodgedAt must be within ${policy.appealWindowDays} days of the outcome ` +
        `(by the end of ${appealWindowLastDay(decidedAt, policy)})`,
    );
  }
}

/** A varied sanction obeys the same rules as one chosen at outcome, plus it must change. */
function checkVariedSanction(
  requested: Sanction | undefined,
  outcome: { finding: Finding; sanction: Sanction },
  hrAdviceCount: number,
  problems: string[],
): void {
  if (requested === undefined) {
    if (!alreadyReported('sanction', problems)) {
      problems.push('sanction is required when the appeal result is varied');
    }
  } else if (requested === outcome.sanction) {
    problems.push(
      `sanction must differ from the current sanction (${outcome.sanction}) when the appeal result is varied`,
    );
  } else if (isFormalSanction(requested)) {
    if (hrAdviceCount < 1) problems.push(FORMAL_NEEDS_HR);
    else if (outcome.finding !== 'substantiated')
      problems.push(formalNeedsSubstantiated(requested));
  }
}

/** Presence was checked against the edge's `requires`; reaching this unset is a table bug. */
function present<T>(value: T | null | undefined): T {
  if (value === undefined || value === null) {
    throw new Error('Workflow table and rules disagree: a required value is missing');
  }
  return value;
}

const FORMAL_NEEDS_HR =
  `sanction: formal sanctions (${FORMAL_SANCTIONS.join(', ')}) need HR advice; ` +
  'send the case for HR advice first';

function formalNeedsSubstantiated(sanction: Sanction): string {
  return `sanction: ${sanction} is a formal sanction and needs the finding substantiated`;
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function refuse(
  status: TransitionRefused['status'],
  code: TransitionRefused['code'],
  message: string | string[],
): TransitionRefused {
  return { ok: false, status, code, message };
}
