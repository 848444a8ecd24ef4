import type { CaseEvent } from './case-event.entity.js';
import type { CaseRecord } from './case.entity.js';
import type { CaseRelation } from './case-access.js';
import type { EvidenceItem } from './evidence-item.entity.js';
import { RETENTION_RULE_WORDS, trackOf, type Nation, type RunningClock } from './workflow/index.js';
import type {
  CaseDetailResponse,
  EvidenceResponse,
  ProcedureResponse,
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
  nation: Nation;
  /** The deadlines running now (DOMAIN.md §6). */
  clocks: RunningClock[];
  allowedTransitions: string[];
  /** The caller, so a reporter sees only the evidence they added themselves. */
  viewerId: string;
  /** The case this report was merged into (issue 21), for the pointer every reader sees. */
  mergedInto?: { id: string; reference: string } | null;
  /** Reports merged into this case, with their own rows (a single case's read only). */
  merged?: MergedReportInput[];
}

export interface MergedReportInput {
  record: CaseRecord;
  events: CaseEvent[];
  evidence: EvidenceItem[];
  reporterName: string | null;
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
    mergedInto: input.mergedInto ?? null,
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
    track: null,
    nation: null,
    procedure: null,
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
    mergedReports: [],
  };

  if (relation.access === 'reporter') {
    return {
      ...base,
      ...empty,
      // What they entered themselves, and nothing the school has added since.
      description: c.description,
      occurredAt: c.occurredAt.toISOString(),
      clauseCodes: c.clauseCodes,
      platform: c.platform,
      postUrl: c.indecentImages ? null : c.postUrl,
      evidence: input.evidence.filter((e) => e.addedById === input.viewerId).map(toEvidence),
    };
  }

  // The appointer sees which case and its state, to appoint a panel that was not involved.
  if (relation.access === 'appointer') return { ...base, ...empty };

  // A confidential reporter is named to the owner and HR alone: a panel or a hearing manager
  // sees neither the name nor which timeline entries were theirs.
  const hideReporter =
    c.confidentialReporter && (relation.access === 'panel' || relation.access === 'hearing');
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
    track: trackOf(c.classification, c.subjectRelationship),
    nation: input.nation,
    procedure: procedureOf(c, input.events, input.clocks),
    subject: { name: c.subjectName, relationship: c.subjectRelationship, userId: c.subjectUserId },
    reporter: hideReporter ? null : { id: c.reporterId, name: input.reporterName ?? '' },
    ownerRole: c.ownerRole,
    ownerUserId: c.ownerUserId,
    dueAt: iso(dueAt),
    overdue: dueAt !== null && dueAt < input.now,
    evidence: input.evidence.map(toEvidence),
    // The thread with the reporter is the owner's and HR's: a panel or a hearing manager reads
    // the case, not what its reporter wrote to the school.
    timeline: input.events
      .filter(
        (e) => e.kind !== 'message' || relation.access === 'owner' || relation.access === 'hr',
      )
      .map((e) => toTimelineEntry(e, hideReporter && e.actorId === c.reporterId)),
    hrAdvice: hrAdviceOf(input.events),
    classification: c.classification,
    outcome: outcomeOf(c, true),
    governorSummary: c.governorSummary,
    referrals: referralsOf(input.events),
    // Whoever reads this case's content reads the reports merged into it, each as its own
    // report would show them to them: a confidential reporter of B stays hidden from a panel
    // on A exactly as on B, and an indecent-image link stays the owner's.
    mergedReports: (input.merged ?? []).map((m) => {
      const hide =
        m.record.confidentialReporter &&
        (relation.access === 'panel' || relation.access === 'hearing');
      return {
        id: m.record.id,
        reference: m.record.reference,
        reportedAt: m.record.reportedAt.toISOString(),
        mergedAt: (m.record.mergedAt ?? m.record.reportedAt).toISOString(),
        type: m.record.type,
        description: m.record.description,
        occurredAt: m.record.occurredAt.toISOString(),
        safeguarding: m.record.safeguarding,
        confidentialReporter: m.record.confidentialReporter,
        platform: m.record.platform,
        postUrl: m.record.indecentImages && relation.access !== 'owner' ? null : m.record.postUrl,
        subject: {
          name: m.record.subjectName,
          relationship: m.record.subjectRelationship,
          userId: m.record.subjectUserId,
        },
        reporter: hide ? null : { id: m.record.reporterId, name: m.reporterName ?? '' },
        evidence: m.evidence.map(toEvidence),
        timeline: m.events
          .filter(
            (e) => e.kind !== 'message' || relation.access === 'owner' || relation.access === 'hr',
          )
          .map((e) => toTimelineEntry(e, hide && e.actorId === m.record.reporterId)),
      };
    }),
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
    ...(e.data ? { data: JSON.parse(e.data) as Record<string, unknown> } : {}),
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
  if (!c.decidedAt) return null;
  return {
    finding: c.finding,
    sanction: c.sanction,
    response: c.response,
    rationale: withRationale ? c.rationale : null,
    decidedAt: c.decidedAt.toISOString(),
    grossMisconduct: c.grossMisconduct,
    warningExpiresAt: iso(c.warningExpiresAt),
    letterSentAt: iso(c.outcomeLetterSentAt),
    appealLodgedAt: iso(c.appealLodgedAt),
    appealGrounds: withRationale ? c.appealGrounds : null,
    appealResult: c.appealResult,
    appealDecidedAt: iso(c.appealDecidedAt),
  };
}

/**
 * Every sanction the case has had, in order: each outcome and each appeal decision (an appeal
 * can lower a sanction or lift it, and a reopened case can be decided again), from the timeline.
 */
export function sanctionHistory(
  c: CaseRecord,
  events: CaseEvent[],
): { sanction: string; finding: string | null; at: string; by: 'outcome' | 'appeal' }[] {
  const moves = events.filter(
    (e) => (e.kind === 'transition' && e.toStatus === 'outcome') || e.kind === 'reclassified',
  );
  const history = moves
    .map((e) => ({ e, data: JSON.parse(e.data ?? '{}') as Record<string, string> }))
    .filter(({ data }) => data.sanction)
    .map(({ e, data }) => ({
      sanction: data.sanction,
      finding: data.finding ?? null,
      at: e.at.toISOString(),
      by: (data.appealResult ? 'appeal' : 'outcome') as 'outcome' | 'appeal',
    }));
  if (history.length === 0 && c.sanction && c.decidedAt)
    return [
      { sanction: c.sanction, finding: c.finding, at: c.decidedAt.toISOString(), by: 'outcome' },
    ];
  return history;
}

/** The track's own facts, for those who see the whole case. */
function procedureOf(
  c: CaseRecord,
  events: CaseEvent[],
  clocks: RunningClock[],
): ProcedureResponse {
  return {
    investigatorId: c.investigatorId,
    hold: c.holdAgency ? { agency: c.holdAgency, reviewDate: c.holdReviewDate } : null,
    hearing: c.hearingManagerId
      ? {
          managerId: c.hearingManagerId,
          at: iso(c.hearingAt),
          originalAt: iso(c.originalHearingAt),
          place: c.hearingPlace,
          invitationSentAt: iso(c.invitationSentAt),
          postponements: c.postponements,
          ...hearingRecordOf(c, events),
        }
      : null,
    allegation: {
      ladoConsultedAt: iso(c.ladoReferredAt),
      ladoAgreedFinding: c.ladoAgreedFinding,
      subjectInformedAt: iso(c.subjectInformedAt),
      subjectInformedDeferred: c.subjectInformedDeferred,
      parentsInformedAt: iso(c.parentsInformedAt),
      parentsInformedDeferred: c.parentsInformedDeferred,
      referenceMention: c.referenceMention,
      outcomeCopyGivenAt: iso(c.outcomeCopyGivenAt),
      subjectPensionDate: c.subjectPensionDate,
      subjectConsentsToKeep: c.subjectConsentsToKeep,
    },
    retention:
      c.status === 'closed' && c.retentionRule
        ? {
            rule: c.retentionRule,
            ruleText: RETENTION_RULE_WORDS[c.retentionRule],
            retainUntil: iso(c.retainUntil),
          }
        : null,
    closing: {
      dbsDecision: c.dbsDecision,
      dbsDetail: c.dbsDetail,
      regulatorDecision: c.regulatorDecision,
      regulatorDetail: c.regulatorDetail,
    },
    legalHolds: legalHoldsOf(events),
    resignedAt: iso(c.resignedAt),
    supportOfferedAt: iso(c.supportOfferedAt),
    actions: events
      .filter((e) => e.kind === 'action')
      .map((e) => {
        const data = JSON.parse(e.data ?? '{}') as Record<string, string | null>;
        return {
          action: String(data.action),
          at: e.at.toISOString(),
          detail: e.note ?? null,
          ...data,
        };
      }),
    sanctionHistory: sanctionHistory(c, events),
    deadlines: clocks.map((k) => ({
      clock: k.kind,
      dueAt: k.dueAt.toISOString(),
      window: k.window,
    })),
    missedDeadlines: missedDeadlinesOf(events),
  };
}

/** Legal holds from the timeline: each placement, with its lifting when there was one. */
export function legalHoldsOf(events: CaseEvent[]) {
  const holds = new Map<
    string,
    {
      id: string;
      reason: string;
      placedById: string | null;
      placedAt: string;
      liftedAt: string | null;
      liftReason: string | null;
      active: boolean;
    }
  >();
  for (const e of events) {
    if (e.kind !== 'legal_hold_placed' && e.kind !== 'legal_hold_lifted') continue;
    const { holdId } = JSON.parse(e.data ?? '{}') as { holdId: string };
    if (e.kind === 'legal_hold_placed')
      holds.set(holdId, {
        id: holdId,
        reason: e.note ?? '',
        placedById: e.actorId,
        placedAt: e.at.toISOString(),
        liftedAt: null,
        liftReason: null,
        active: true,
      });
    else {
      const hold = holds.get(holdId);
      if (hold)
        Object.assign(hold, { liftedAt: e.at.toISOString(), liftReason: e.note, active: false });
    }
  }
  return [...holds.values()];
}

/** The record of the hearing as held (the latest, should a case be heard again). */
function hearingRecordOf(c: CaseRecord, events: CaseEvent[]) {
  const held = c.hearingHeldAt ? events.filter((e) => e.kind === 'hearing_held').at(-1) : undefined;
  const data = JSON.parse(held?.data ?? '{}') as { companion?: string; companionName?: string };
  return {
    heldAt: iso(c.hearingHeldAt),
    companion: held ? (data.companion ?? null) : null,
    companionName: held ? (data.companionName ?? null) : null,
    notes: held?.note ?? null,
  };
}

/** Deadlines that passed, and when each was met if it was: kept even after closing. */
export function missedDeadlinesOf(
  events: CaseEvent[],
): { clock: string; dueAt: string; metAt: string | null }[] {
  const missed = new Map<string, { clock: string; dueAt: string; metAt: string | null }>();
  for (const e of events) {
    if (e.kind !== 'deadline_missed' && e.kind !== 'deadline_met_late') continue;
    const data = JSON.parse(e.data ?? '{}') as { clock: string; dueAt: string; metAt?: string };
    const key = `${data.clock}@${data.dueAt}`;
    const entry = missed.get(key) ?? { clock: data.clock, dueAt: data.dueAt, metAt: null };
    if (e.kind === 'deadline_met_late') entry.metAt = data.metAt ?? e.at.toISOString();
    missed.set(key, entry);
  }
  return [...missed.values()];
}

/**
 * The stages a case has been through, from its timeline: each status and when it was entered,
 * starting with `reported`. Read by the HR file's "time in each stage" and the termly figures.
 */
export function stagesEntered(
  reportedAt: Date,
  events: readonly Pick<CaseEvent, 'kind' | 'toStatus' | 'at'>[],
): { status: string; at: Date }[] {
  const moves = events
    .filter((e) => e.kind === 'transition' && e.toStatus)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return [
    { status: 'reported', at: reportedAt },
    ...moves.map((e) => ({ status: e.toStatus!, at: e.at })),
  ];
}
