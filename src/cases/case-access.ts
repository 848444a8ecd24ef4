import type { Actor } from '../common/actor.js';
import type { CaseRecord } from './case.entity.js';
import { isAppealPanel, type WorkflowActor } from './workflow/index.js';

/** How much of a case a person may see. */
export type CaseVisibility = 'full' | 'governor' | 'reporter' | 'none';

export interface CaseRelation extends WorkflowActor {
  isReporter: boolean;
  visibility: CaseVisibility;
}

export const DECIDED_STATUSES = ['outcome', 'appeal', 'closed'] as const;

/**
 * Who someone is to a case, from their memberships. The one place that decides visibility:
 * - the owner (anyone holding the owner role in the school), HR (once the case has reached
 *   hr_advice) and whoever hears an appeal see everything;
 * - governors and the chair see decided cases, redacted;
 * - the reporter sees their own report;
 * - the subject never sees the case, and when the head is the subject nobody holding the
 *   headteacher role in that school does either, whatever other role they also hold.
 */
export function relationTo(actor: Actor, c: CaseRecord): CaseRelation {
  const excluded =
    c.subjectUserId === actor.userId ||
    (c.ownerRole === 'chair_of_governors' && actor.hasRole(c.schoolId, 'headteacher'));
  const relation: CaseRelation = {
    isOwner: !excluded && actor.hasRole(c.schoolId, c.ownerRole),
    isHr: !excluded && actor.hasRole(c.schoolId, 'hr') && c.hrReachedAt !== null,
    isChair: !excluded && actor.hasRole(c.schoolId, 'chair_of_governors'),
    isGovernor: !excluded && actor.hasRole(c.schoolId, 'governor'),
    isReporter: !excluded && c.reporterId === actor.userId,
    visibility: 'none',
  };
  const decided = (DECIDED_STATUSES as readonly string[]).includes(c.status);
  // Whoever hears an appeal must be able to read the whole case they are hearing.
  const hearsAppeal = c.appealLodgedAt !== null && isAppealPanel(c, relation);
  if (relation.isOwner || relation.isHr || hearsAppeal) relation.visibility = 'full';
  else if ((relation.isChair || relation.isGovernor) && decided) relation.visibility = 'governor';
  else if (relation.isReporter) relation.visibility = 'reporter';
  return relation;
}
