import type { RuleRefusal } from './moves.table.js';
import type { CaseStatus, Track } from './case-workflow.types.js';

/** What the pairwise merge rules read of each case. */
export interface MergeParty {
  id: string;
  reference: string;
  status: CaseStatus;
  track: Track;
  mergedIntoCaseId: string | null;
  /** Other reports were merged into this one. */
  holdsMerged: boolean;
}

const refuse = (code: RuleRefusal['code'], message: string): RuleRefusal => ({
  status: 409,
  code,
  message,
});

/**
 * The rules a merge needs both cases for (issue 21); the table's `merge` row decides what may
 * happen to the report merged away on its own. Pure, so the order of the answers is fixed:
 * the same case, a merge already made, a closed case, a chain, then the procedures.
 *
 * Procedures: a report not yet triaged joins the case's procedure; two triaged reports combine
 * only on the same track, because the track decides the steps, findings and sanctions, and one
 * case cannot follow two (an allegation about a teacher and a parent's online abuse stay two
 * cases, each with its own outcome). A case not yet triaged takes no triaged report: triage it
 * first, so the report is not put under a procedure nobody chose.
 */
export function mergeRefusal(into: MergeParty, merged: MergeParty): RuleRefusal | null {
  if (into.id === merged.id)
    return refuse('CASE_MERGE_SAME_CASE', 'A report cannot be merged into its own case.');
  if (merged.mergedIntoCaseId)
    return refuse(
      'CASE_MERGE_ALREADY_MERGED',
      `${merged.reference} was already merged into a case.`,
    );
  if (into.mergedIntoCaseId)
    return refuse(
      'CASE_MERGE_ALREADY_MERGED',
      `${into.reference} was itself merged into another case: merge into that case instead.`,
    );
  if (into.status === 'closed')
    return refuse(
      'CASE_MERGE_CLOSED',
      `${into.reference} is closed: reopen it before merging another report into it.`,
    );
  if (merged.status === 'closed')
    return refuse(
      'CASE_MERGE_CLOSED',
      `${merged.reference} is closed: reopen it first to merge it.`,
    );
  if (merged.holdsMerged)
    return refuse(
      'CASE_MERGE_HOLDS_MERGED',
      `Other reports were already merged into ${merged.reference}: merge the other way round, into ${merged.reference}.`,
    );
  if (merged.track === 'untriaged' || merged.track === into.track) return null;
  return refuse(
    'CASE_MERGE_TRACK_MISMATCH',
    into.track === 'untriaged'
      ? `Triage ${into.reference} first: ${merged.reference} already follows a procedure.`
      : `${merged.reference} and ${into.reference} follow different procedures, so they stay two cases. Reclassify one of them first if they are really the same matter.`,
  );
}
