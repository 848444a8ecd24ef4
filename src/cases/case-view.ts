import type { CaseEvent } from './case-event.entity.js';
import type { CaseRecord } from './case.entity.js';
import type { CaseRelation } from './case-access.js';
import type { EvidenceItem } from './evidence-item.entity.js';
import type {
  CaseDetailResponse,
  EvidenceResponse,
  HrAdviceResponse,
  ReferralResponse,
  TimelineEntryResponse,
} from './dto/case-detail.response.js';

export interface CaseViewInput {
  record: CaseRecord;
  relation: CaseRelation;
  events: CaseEvent[];
  evidence: EvidenceItem[];
  policyVersion: number | null;
  reporterName: string | null;
  now: Date;
  allowedTransitions: string[];
  /** The caller, so a reporter sees only the evidence they added themselves. */
  viewerId: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Maps a case to what this caller may see, field by field. Built explicitly (never by spreading
 * the entity) so a new column cannot leak a name, report text or HR advice to the wrong person.
 */
export function toCaseDetail(input: CaseViewInput): CaseDetailResponse {
  const { record: c, relation } = input;
  if (relation.access === 'board')
    throw new Error(`case ${c.id}: the board sees its summary, never the case`);
  const base = {
    id: c.id,
    reference: c.reference,
    schoolId: c.schoolId,
    type: c.type,
    status: c.status,
    version: c.version,
    reportedAt: c.reportedAt.toISOString(),
    access: relation.access,
    allowedTransitions: input.allowedTransitions,
  };
  const empty = {
    clauseCodes: null,
    policyVersion: null,
    description: null,
    occurredAt: null,
    safeguarding: null,
    confidentialReporter: null,
    indecentImagesOfChildren: null,
    platform: null,
    postUrl: null,
    aboutHeadteacher: null,
    subject: null,
    reporter: null,
    ownerRole: null,
    ownerUserId: null,
    dueAt: null,
    overdue: false,
    evidence: [],
    timeline: [],
    hrAdvice: [],
    classification: null,
    outcome: null,
    governorSummary: null,
    referrals: [],
  };

  if (relation.access === 'reporter') {
    return {
      ...base,
      ...empty,
      description: c.description,
      evidence: input.evidence.filter((e) => e.addedById === input.viewerId).map(toEvidence),
    };
  }

  // The appointer sees which case and its state, to appoint a panel that was not involved.
  if (relation.access === 'appointer') return { ...base, ...empty };

  // A confidential reporter is named to the owner and HR alone: a panel sees neither the name
  // nor which timeline entries were theirs.
  const hideReporter = c.confidentialReporter && relation.access === 'panel';
  const dueAt = c.dueAt;
  return {
    ...base,
    clauseCodes: c.clauseCodes,
    policyVersion: input.policyVersion,
    description: c.description,
    occurredAt: c.occurredAt.toISOString(),
    safeguarding: c.safeguarding,
    confidentialReporter: c.confidentialReporter,
    indecentImagesOfChildren: c.indecentImages,
    platform: c.platform,
    // Indecent-image links are shown to the owner only (DOMAIN.md §5).
    postUrl: c.indecentImages && relation.access !== 'owner' ? null : c.postUrl,
    aboutHeadteacher: c.aboutHeadteacher,
    subject: { name: c.subjectName, relationship: c.subjectRelationship, userId: c.subjectUserId },
    reporter: hideReporter ? null : { id: c.reporterId, name: input.reporterName ?? '' },
    ownerRole: c.ownerRole,
    ownerUserId: c.ownerUserId,
    dueAt: iso(dueAt),
    overdue: dueAt !== null && dueAt < input.now,
    evidence: input.evidence.map(toEvidence),
    timeline: input.events.map((e) =>
      toTimelineEntry(e, hideReporter && e.actorId === c.reporterId),
    ),
    hrAdvice: hrAdviceOf(input.events),
    classification: c.classification,
    outcome: outcomeOf(c, true),
    governorSummary: c.governorSummary,
    referrals: referralsOf(input.events),
  };
}

function toEvidence(e: EvidenceItem): EvidenceResponse {
  return {
    id: e.id,
    sha256: e.sha256,
    size: e.size,
    mimeType: e.mimeType,
    platform: e.platform,
    postUrl: e.postUrl,
    capturedAt: iso(e.capturedAt),
    receivedAt: e.receivedAt.toISOString(),
  };
}

function statusChange(e: CaseEvent): { from?: string; to?: string } {
  return {
    ...(e.fromStatus ? { from: e.fromStatus } : {}),
    ...(e.toStatus ? { to: e.toStatus } : {}),
  };
}

function toTimelineEntry(e: CaseEvent, anonymous: boolean): TimelineEntryResponse {
  return {
    at: e.at.toISOString(),
    actorId: anonymous ? null : e.actorId,
    kind: e.kind,
    ...statusChange(e),
    ...(e.note ? { note: e.note } : {}),
  };
}

function hrAdviceOf(events: CaseEvent[]): HrAdviceResponse[] {
  return events
    .filter((e) => e.kind === 'hr_advice')
    .map((e) => ({ id: e.id, at: e.at.toISOString(), adviserId: e.actorId, advice: e.note ?? '' }));
}

/** Referral events as entries (agency code, their reference, when referred and recorded). */
export function referralsOf(events: CaseEvent[]): ReferralResponse[] {
  return events
    .filter((e) => e.kind === 'referral')
    .map((e) => {
      const data = JSON.parse(e.data ?? '{}') as {
        agency: string;
        reference: string | null;
        referredAt: string;
      };
      return {
        id: e.id,
        agency: data.agency,
        reference: data.reference ?? null,
        referredAt: data.referredAt,
        recordedAt: e.at.toISOString(),
      };
    });
}

function outcomeOf(c: CaseRecord, withRationale: boolean) {
  if (!c.finding || !c.sanction || !c.decidedAt) return null;
  return {
    finding: c.finding,
    sanction: c.sanction,
    rationale: withRationale ? c.rationale : null,
    decidedAt: c.decidedAt.toISOString(),
    appealResult: c.appealResult,
  };
}
