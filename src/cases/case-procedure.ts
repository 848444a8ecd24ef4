import type { CaseRecord } from './case.entity.js';
import type { CaseRelation } from './case-access.js';
import type { SchoolRules } from './school-rules.service.js';
import {
  allowedMoves,
  allowedTransitions,
  decide,
  trackOf,
  type CaseSnapshot,
  type Decision,
  type MoveSpec,
  type Track,
  type TransitionCommand,
  type WorkflowActor,
  type WorkingDays,
} from './workflow/index.js';

/** What the workflow reads of a case: its row alone, so lists need no further queries. */
export function snapshotOf(c: CaseRecord): CaseSnapshot {
  return {
    status: c.status,
    classification: c.classification,
    subjectRelationship: c.subjectRelationship,
    indecentImages: c.indecentImages,
    hasPostUrl: Boolean(c.postUrl),
    reportedAt: c.reportedAt,
    reclassifiedAt: c.reclassifiedAt,
    hrAdviceCount: c.hrAdviceCount,
    ladoConsultedAt: c.ladoReferredAt,
    policeReferredAt: c.policeReferredAt,
    iwfReferredAt: c.iwfReferredAt,
    actionsRecorded: c.actionCount,
    supportRecorded: c.supportOfferedAt !== null,
    investigatorId: c.investigatorId,
    hearingManagerId: c.hearingManagerId,
    invitationSentAt: c.invitationSentAt,
    hearingHeldAt: c.hearingHeldAt,
    hearingAt: c.hearingAt,
    originalHearingAt: c.originalHearingAt,
    postponements: c.postponements,
    outcome: c.decidedAt
      ? {
          finding: c.finding,
          sanction: c.sanction,
          decidedAt: c.decidedAt,
          letterSentAt: c.outcomeLetterSentAt,
          appealResult: c.appealResult,
        }
      : null,
    appealLodgedAt: c.appealLodgedAt,
    resignedAt: c.resignedAt,
    mergedIntoCaseId: c.mergedIntoCaseId,
  };
}

export function trackOfCase(c: CaseRecord): Track | null {
  return trackOf(c.classification, c.subjectRelationship);
}

/** The caller as the workflow sees them: their relation, and whether they hear its hearing. */
export function workflowActor(
  c: CaseRecord,
  relation: CaseRelation,
  userId: string,
): WorkflowActor {
  return {
    isOwner: relation.isOwner,
    isHr: relation.isHr,
    isPanelMember: relation.isPanelMember,
    isHearingManager: relation.isHearingManager && c.hearingManagerId === userId,
  };
}

export interface ProcedureContext {
  rules: SchoolRules;
  calendar: WorkingDays;
  now: Date;
  actorId?: string;
}

export function decideFor(
  c: CaseRecord,
  command: TransitionCommand,
  actor: WorkflowActor,
  ctx: ProcedureContext,
  via: 'transitions' | 'reclassify' | 'merge' = 'transitions',
): Decision {
  return decide(snapshotOf(c), command, actor, {
    now: ctx.now,
    policy: ctx.rules,
    calendar: ctx.calendar,
    via,
    actorId: ctx.actorId,
  });
}

export function movesFor(c: CaseRecord, actor: WorkflowActor, ctx: ProcedureContext): MoveSpec[] {
  return allowedMoves(snapshotOf(c), actor, {
    now: ctx.now,
    policy: ctx.rules,
    calendar: ctx.calendar,
  });
}

export function transitionsFor(
  c: CaseRecord,
  actor: WorkflowActor,
  ctx: ProcedureContext,
): string[] {
  return allowedTransitions(snapshotOf(c), actor, {
    now: ctx.now,
    policy: ctx.rules,
    calendar: ctx.calendar,
  });
}
