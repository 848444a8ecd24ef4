import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  HEARING_COMPANIONS,
  PLATFORMS,
  REFERRAL_AGENCIES,
  REPORT_TYPES,
  SUBJECT_RELATIONSHIPS,
} from '../case.constants.js';
import { CASE_EVENT_KINDS } from '../case-event.entity.js';
import {
  APPEAL_RESULTS,
  RETENTION_RULES,
  CASE_ACTIONS,
  CASE_STATUSES,
  CLASSIFICATIONS,
  CLOCK_KINDS,
  FINDINGS,
  HOLD_AGENCIES,
  LLC_RESPONSES,
  OWNER_ROLES,
  REFERRAL_DECISIONS,
  SANCTIONS,
  TRACKS,
} from '../workflow/index.js';

// Closed vocabularies are named enums in the document, so generated clients get named types.
// A nullable one stays inline: OpenAPI 3.0 cannot mark a $ref nullable.
const status = { enum: CASE_STATUSES, enumName: 'CaseStatus' } as const;
const platform = { enum: PLATFORMS, enumName: 'Platform' } as const;
const instant = { type: String, format: 'date-time' } as const;
const id = { type: String, format: 'uuid' } as const;

export class EvidenceResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty({ description: 'SHA-256 of the exact stored bytes', pattern: '^[0-9a-f]{64}$' })
  sha256!: string;
  @ApiProperty({ type: 'integer', description: 'bytes' }) size!: number;
  @ApiProperty({
    enum: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf'],
    enumName: 'EvidenceMimeType',
    description: 'as detected from the bytes',
  })
  mimeType!: string;
  @ApiProperty(platform) platform!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) postUrl!: string | null;
  @ApiProperty({ ...instant, nullable: true }) capturedAt!: string | null;
  @ApiProperty(instant) receivedAt!: string;
}

export class TimelineEntryResponse {
  @ApiProperty(instant) at!: string;
  @ApiProperty({ ...id, nullable: true }) actorId!: string | null;
  @ApiProperty({ enum: CASE_EVENT_KINDS, enumName: 'CaseEventKind' }) kind!: string;
  @ApiPropertyOptional(status) from?: string;
  @ApiPropertyOptional(status) to?: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "the event's structured fields: codes, ids and dates, never free text",
  })
  data?: Record<string, unknown>;
}

/** One message between the school and the person who made the report. */
export class CaseMessageResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty(instant) at!: string;
  @ApiProperty({
    enum: ['school', 'reporter'],
    description: 'school: the owner or HR wrote it; reporter: the person who made the report',
  })
  from!: 'school' | 'reporter';
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "the writer's name; null on the reporter's own side of a thread for the school's messages, which are signed by the school",
  })
  author!: string | null;
  @ApiProperty() body!: string;
}

export class CaseMessagesResponse {
  @ApiProperty({ type: [CaseMessageResponse] }) items!: CaseMessageResponse[];
}

export class SimilarEvidenceItemResponse {
  @ApiProperty({ ...id, description: "this case's evidence item" }) evidenceId!: string;
  @ApiProperty(id) otherCaseId!: string;
  @ApiProperty({ example: 'OAK-2026-0012' }) otherReference!: string;
  @ApiProperty(id) otherEvidenceId!: string;
}

/** Evidence in other cases the caller may open that looks like a copy of this case's. */
export class SimilarEvidenceResponse {
  @ApiProperty({ type: [SimilarEvidenceItemResponse] }) items!: SimilarEvidenceItemResponse[];
}

export class HrAdviceResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty(instant) at!: string;
  @ApiProperty({ ...id, nullable: true }) adviserId!: string | null;
  @ApiProperty() advice!: string;
}

export class ReferralResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty({ enum: REFERRAL_AGENCIES, enumName: 'ReferralAgency' }) agency!: string;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty({
    type: String,
    description:
      'when the referral was made: a date (YYYY-MM-DD) when it was recorded without a time, else an instant',
  })
  referredAt!: string;
  @ApiProperty(instant) recordedAt!: string;
}

/** The outcome in its track's terms: a finding and sanction, a response, or neither (actions). */
export class OutcomeResponse {
  @ApiProperty({ enum: FINDINGS, type: String, nullable: true }) finding!: string | null;
  @ApiProperty({ enum: SANCTIONS, type: String, nullable: true }) sanction!: string | null;
  @ApiProperty({
    enum: LLC_RESPONSES,
    type: String,
    nullable: true,
    description: "a low-level concern's response",
  })
  response!: string | null;
  @ApiProperty({ nullable: true, type: String }) rationale!: string | null;
  @ApiProperty(instant) decidedAt!: string;
  @ApiProperty() grossMisconduct!: boolean;
  @ApiProperty({ ...instant, nullable: true }) warningExpiresAt!: string | null;
  @ApiProperty({ ...instant, nullable: true }) letterSentAt!: string | null;
  @ApiProperty({ ...instant, nullable: true }) appealLodgedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) appealGrounds!: string | null;
  @ApiPropertyOptional({ enum: APPEAL_RESULTS, type: String, nullable: true })
  appealResult?: string | null;
  @ApiProperty({ ...instant, nullable: true }) appealDecidedAt!: string | null;
}

export class HoldResponse {
  @ApiProperty({ enum: HOLD_AGENCIES, enumName: 'HoldAgency' }) agency!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) reviewDate!: string | null;
}

export class HearingResponse {
  @ApiProperty(id) managerId!: string;
  @ApiProperty({ ...instant, nullable: true }) at!: string | null;
  @ApiProperty({ ...instant, nullable: true }) originalAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) place!: string | null;
  @ApiProperty({ ...instant, nullable: true }) invitationSentAt!: string | null;
  @ApiProperty({ type: 'integer' }) postponements!: number;
  @ApiProperty({ ...instant, nullable: true, description: 'when the hearing was recorded as held' })
  heldAt!: string | null;
  @ApiProperty({
    enum: HEARING_COMPANIONS,
    enumName: 'HearingCompanion',
    type: String,
    nullable: true,
  })
  companion!: string | null;
  @ApiProperty({ nullable: true, type: String }) companionName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the notes of the hearing' })
  notes!: string | null;
}

export class AllegationFactsResponse {
  @ApiProperty({ ...instant, nullable: true }) ladoConsultedAt!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) ladoAgreedFinding!: boolean | null;
  @ApiProperty({ ...instant, nullable: true }) subjectInformedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectInformedDeferred!: string | null;
  @ApiProperty({ ...instant, nullable: true }) parentsInformedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) parentsInformedDeferred!: string | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'recorded at closing: whether it may be mentioned in a reference',
  })
  referenceMention!: boolean | null;
  @ApiProperty({
    ...instant,
    nullable: true,
    description: 'when the subject was given a copy of the outcome',
  })
  outcomeCopyGivenAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) subjectPensionDate!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) subjectConsentsToKeep!: boolean | null;
}

/** A legal hold as the case's timeline records it (placed, and lifted if it was). */
export class CaseLegalHoldResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ ...id, nullable: true }) placedById!: string | null;
  @ApiProperty(instant) placedAt!: string;
  @ApiProperty({ ...instant, nullable: true }) liftedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) liftReason!: string | null;
  @ApiProperty() active!: boolean;
}

/** DOMAIN.md §8: how long the case is kept, decided when it closed. */
export class RetentionResponse {
  @ApiProperty({ enum: RETENTION_RULES, enumName: 'RetentionRule' }) rule!: string;
  @ApiProperty({ description: 'the rule in words' }) ruleText!: string;
  @ApiProperty({
    ...instant,
    nullable: true,
    description: 'the case may be deleted after this; null while it is kept until reviewed',
  })
  retainUntil!: string | null;
}

export class ClosingDecisionsResponse {
  @ApiProperty({ enum: REFERRAL_DECISIONS, type: String, nullable: true })
  dbsDecision!: string | null;
  @ApiProperty({ nullable: true, type: String }) dbsDetail!: string | null;
  @ApiProperty({ enum: REFERRAL_DECISIONS, type: String, nullable: true })
  regulatorDecision!: string | null;
  @ApiProperty({ nullable: true, type: String }) regulatorDetail!: string | null;
}

export class CaseActionResponse {
  @ApiProperty({ enum: CASE_ACTIONS, enumName: 'CaseAction' }) action!: string;
  @ApiProperty(instant) at!: string;
  @ApiProperty({ nullable: true, type: String }) detail!: string | null;
}

export class SanctionHistoryEntry {
  @ApiProperty({ enum: SANCTIONS, enumName: 'Sanction' }) sanction!: string;
  @ApiProperty({ enum: FINDINGS, type: String, nullable: true }) finding!: string | null;
  @ApiProperty(instant) at!: string;
  @ApiProperty({ enum: ['outcome', 'appeal'] }) by!: string;
}

export class DeadlineResponse {
  @ApiProperty({ enum: CLOCK_KINDS, enumName: 'ClockKind' }) clock!: string;
  @ApiProperty(instant) dueAt!: string;
  @ApiProperty({ description: 'a window (the appeal window), not a duty' }) window!: boolean;
}

export class MissedDeadlineResponse {
  @ApiProperty({ enum: CLOCK_KINDS, enumName: 'ClockKind' }) clock!: string;
  @ApiProperty(instant) dueAt!: string;
  @ApiProperty({ ...instant, nullable: true }) metAt!: string | null;
}

/** The track's own facts (DOMAIN.md §5, §6), for those who see the whole case. */
export class ProcedureResponse {
  @ApiProperty({ ...id, nullable: true }) investigatorId!: string | null;
  @ApiProperty({ type: HoldResponse, nullable: true }) hold!: HoldResponse | null;
  @ApiProperty({ type: HearingResponse, nullable: true }) hearing!: HearingResponse | null;
  @ApiProperty({ type: AllegationFactsResponse }) allegation!: AllegationFactsResponse;
  @ApiProperty({ type: ClosingDecisionsResponse }) closing!: ClosingDecisionsResponse;
  @ApiProperty({ type: RetentionResponse, nullable: true, description: 'set when the case closes' })
  retention!: RetentionResponse | null;
  @ApiProperty({
    type: [CaseLegalHoldResponse],
    description: 'while one is active nothing is deleted',
  })
  legalHolds!: CaseLegalHoldResponse[];
  @ApiProperty({ ...instant, nullable: true }) resignedAt!: string | null;
  @ApiProperty({ ...instant, nullable: true }) supportOfferedAt!: string | null;
  @ApiProperty({ type: [CaseActionResponse] }) actions!: CaseActionResponse[];
  @ApiProperty({ type: [SanctionHistoryEntry] }) sanctionHistory!: SanctionHistoryEntry[];
  @ApiProperty({ type: [DeadlineResponse] }) deadlines!: DeadlineResponse[];
  @ApiProperty({ type: [MissedDeadlineResponse] }) missedDeadlines!: MissedDeadlineResponse[];
}

export class SubjectResponse {
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: SUBJECT_RELATIONSHIPS, type: String, nullable: true })
  relationship!: string | null;
  @ApiProperty({ ...id, nullable: true }) userId!: string | null;
}

export class PersonResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty() name!: string;
}

/** Which case: its id and reference. */
export class CaseReferenceResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty({ example: 'OAK-2026-0007' }) reference!: string;
}

/**
 * A report merged into this case (issue 21), as it was reported: its own reporter, subject,
 * timeline and evidence, kept on its own rows. Its reporter is named exactly where the report
 * itself would name them.
 */
export class MergedReportResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty({ example: 'OAK-2026-0008' }) reference!: string;
  @ApiProperty(instant) reportedAt!: string;
  @ApiProperty(instant) mergedAt!: string;
  @ApiProperty({ enum: REPORT_TYPES, enumName: 'ReportType' }) type!: string;
  @ApiProperty() description!: string;
  @ApiProperty(instant) occurredAt!: string;
  @ApiProperty() safeguarding!: boolean;
  @ApiProperty() confidentialReporter!: boolean;
  @ApiProperty({ enum: PLATFORMS, type: String, nullable: true }) platform!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) postUrl!: string | null;
  @ApiProperty({ type: SubjectResponse }) subject!: SubjectResponse;
  @ApiProperty({ type: PersonResponse, nullable: true }) reporter!: PersonResponse | null;
  @ApiProperty({ type: [EvidenceResponse] }) evidence!: EvidenceResponse[];
  @ApiProperty({ type: [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
}

/** A case as one caller may see it: fields they may not see are null (or empty lists). */
export class CaseDetailResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty({ example: 'OAK-2026-0007' }) reference!: string;
  @ApiProperty(id) schoolId!: string;
  @ApiProperty({ enum: REPORT_TYPES, enumName: 'ReportType' }) type!: string;
  @ApiProperty(status) status!: string;
  @ApiProperty({ type: 'integer', description: 'send it back with a change; a stale one is 409' })
  version!: number;
  @ApiProperty({
    enum: ['owner', 'hr', 'panel', 'hearing', 'appointer', 'reporter'],
    enumName: 'CaseAccess',
    description:
      'how the caller relates to the case: owner, HR adviser, appeal panel member, hearing manager, the person who appoints the panel, or its reporter',
  })
  access!: string;
  @ApiProperty({ type: [String], nullable: true }) clauseCodes!: string[] | null;
  @ApiProperty({ nullable: true, type: 'integer' }) policyVersion!: number | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ ...instant, nullable: true }) occurredAt!: string | null;
  @ApiProperty(instant) reportedAt!: string;
  @ApiProperty({ nullable: true, type: Boolean }) safeguarding!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) confidentialReporter!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) indecentImagesOfChildren!: boolean | null;
  @ApiProperty({ enum: PLATFORMS, type: String, nullable: true }) platform!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) postUrl!: string | null;
  @ApiProperty({ enum: ['yes', 'no', 'not_sure'], type: String, nullable: true })
  aboutHeadteacher!: string | null;
  @ApiProperty({
    enum: TRACKS,
    type: String,
    nullable: true,
    description: 'the procedure the case follows',
  })
  track!: string | null;
  @ApiProperty({ enum: ['england', 'wales'], type: String, nullable: true }) nation!: string | null;
  @ApiProperty({ type: ProcedureResponse, nullable: true }) procedure!: ProcedureResponse | null;
  @ApiProperty({ type: SubjectResponse, nullable: true }) subject!: SubjectResponse | null;
  @ApiProperty({ type: PersonResponse, nullable: true }) reporter!: PersonResponse | null;
  @ApiProperty({ enum: OWNER_ROLES, type: String, nullable: true })
  ownerRole!: string | null;
  @ApiProperty({ ...id, nullable: true }) ownerUserId!: string | null;
  @ApiProperty({ ...instant, nullable: true }) dueAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: [EvidenceResponse] }) evidence!: EvidenceResponse[];
  @ApiProperty({ type: [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
  @ApiProperty({ type: [HrAdviceResponse] }) hrAdvice!: HrAdviceResponse[];
  @ApiProperty({ enum: CLASSIFICATIONS, type: String, nullable: true })
  classification!: string | null;
  @ApiProperty({ type: OutcomeResponse, nullable: true }) outcome!: OutcomeResponse | null;
  @ApiProperty({ nullable: true, type: String }) governorSummary!: string | null;
  @ApiProperty({ type: [ReferralResponse] }) referrals!: ReferralResponse[];
  @ApiProperty({ ...status, isArray: true, description: 'the moves this caller may make now' })
  allowedTransitions!: string[];
  @ApiProperty({
    type: CaseReferenceResponse,
    nullable: true,
    description: 'set when this report was merged into another case, where it is now worked',
  })
  mergedInto!: CaseReferenceResponse | null;
  @ApiProperty({
    type: [MergedReportResponse],
    description:
      'reports merged into this case, each with its own timeline and evidence (empty in lists and where the caller sees no case content)',
  })
  mergedReports!: MergedReportResponse[];
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseDetailResponse] }) items!: CaseDetailResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next page' })
  nextCursor!: string | null;
}

/** The answer to a hand-over: the caller no longer owns the case and may no longer see it. */
export class HandoverResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty(id) ownerUserId!: string;
  @ApiProperty({ enum: OWNER_ROLES, enumName: 'OwnerRole' }) ownerRole!: string;
}
