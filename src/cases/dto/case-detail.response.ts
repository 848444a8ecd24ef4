import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPEAL_RESULTS, FINDINGS, LLC_RESPONSES, SANCTIONS, TRACKS } from '../workflow/index.js';

export class EvidenceResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'SHA-256 of the exact stored bytes' }) sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ example: 'image/png' }) mimeType!: string;
  @ApiProperty() platform!: string;
  @ApiProperty({ nullable: true, type: String }) postUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) capturedAt!: string | null;
  @ApiProperty() receivedAt!: string;
}

export class TimelineEntryResponse {
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ example: 'transition' }) kind!: string;
  @ApiPropertyOptional() from?: string;
  @ApiPropertyOptional() to?: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "the event's structured fields: codes, ids and dates, never free text",
  })
  data?: Record<string, unknown>;
}

export class HrAdviceResponse {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) adviserId!: string | null;
  @ApiProperty() advice!: string;
}

export class ReferralResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'lado' }) agency!: string;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty() referredAt!: string;
  @ApiProperty() recordedAt!: string;
}

export class OutcomeResponse {
  @ApiProperty({ nullable: true, type: String, enum: FINDINGS }) finding!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: SANCTIONS }) sanction!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: LLC_RESPONSES,
    description: "a low-level concern's response",
  })
  response!: string | null;
  @ApiProperty({ nullable: true, type: String }) rationale!: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty() grossMisconduct!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) warningExpiresAt!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) letterSentAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) appealLodgedAt!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) appealGrounds!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, enum: APPEAL_RESULTS })
  appealResult?: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) appealDecidedAt!:
    string | null;
}

export class HoldResponse {
  @ApiProperty() agency!: string;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM-DD' }) reviewDate!:
    string | null;
}

export class HearingResponse {
  @ApiProperty({ format: 'uuid' }) managerId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) originalAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) place!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) invitationSentAt!:
    string | null;
  @ApiProperty() postponements!: number;
}

export class AllegationFactsResponse {
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) ladoConsultedAt!:
    string | null;
  @ApiProperty({ nullable: true, type: Boolean }) ladoAgreedFinding!: boolean | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) subjectInformedAt!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) subjectInformedDeferred!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) parentsInformedAt!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) parentsInformedDeferred!: string | null;
}

export class ClosingDecisionsResponse {
  @ApiProperty({ nullable: true, type: String, enum: ['referred', 'not_required'] })
  dbsDecision!: string | null;
  @ApiProperty({ nullable: true, type: String }) dbsDetail!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['referred', 'not_required'] })
  regulatorDecision!: string | null;
  @ApiProperty({ nullable: true, type: String }) regulatorDetail!: string | null;
}

export class CaseActionResponse {
  @ApiProperty() action!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String }) detail!: string | null;
}

export class SanctionHistoryEntry {
  @ApiProperty({ enum: SANCTIONS }) sanction!: string;
  @ApiProperty({ nullable: true, type: String }) finding!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['outcome', 'appeal'] }) by!: string;
}

export class DeadlineResponse {
  @ApiProperty() clock!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ description: 'a window (the appeal window), not a duty' }) window!: boolean;
}

export class MissedDeadlineResponse {
  @ApiProperty() clock!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) metAt!: string | null;
}

/** The track's own facts (DOMAIN.md §5, §6), for those who see the whole case. */
export class ProcedureResponse {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) investigatorId!: string | null;
  @ApiProperty({ type: HoldResponse, nullable: true }) hold!: HoldResponse | null;
  @ApiProperty({ type: HearingResponse, nullable: true }) hearing!: HearingResponse | null;
  @ApiProperty({ type: AllegationFactsResponse }) allegation!: AllegationFactsResponse;
  @ApiProperty({ type: ClosingDecisionsResponse }) closing!: ClosingDecisionsResponse;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resignedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) supportOfferedAt!:
    string | null;
  @ApiProperty({ type: [CaseActionResponse] }) actions!: CaseActionResponse[];
  @ApiProperty({ type: [SanctionHistoryEntry] }) sanctionHistory!: SanctionHistoryEntry[];
  @ApiProperty({ type: [DeadlineResponse] }) deadlines!: DeadlineResponse[];
  @ApiProperty({ type: [MissedDeadlineResponse] }) missedDeadlines!: MissedDeadlineResponse[];
}

export class SubjectResponse {
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) relationship!: string | null;
  @ApiProperty({ nullable: true, type: String }) userId!: string | null;
}

export class PersonResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/** A case as one caller may see it: fields they may not see are null (or empty lists). */
export class CaseDetailResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'OAK-2026-0007' }) reference!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty({ enum: ['policy_breach', 'online_abuse'] }) type!: string;
  @ApiProperty() status!: string;
  @ApiProperty() version!: number;
  @ApiProperty({
    enum: ['owner', 'hr', 'panel', 'hearing', 'appointer', 'reporter'],
    description:
      'how the caller relates to the case: owner, HR adviser, appeal panel member, the person who appoints the panel, or its reporter',
  })
  access!: string;
  @ApiProperty({ type: [String], nullable: true }) clauseCodes!: string[] | null;
  @ApiProperty({ nullable: true, type: Number }) policyVersion!: number | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String }) occurredAt!: string | null;
  @ApiProperty() reportedAt!: string;
  @ApiProperty({ nullable: true, type: Boolean }) safeguarding!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) confidentialReporter!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) indecentImagesOfChildren!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) platform!: string | null;
  @ApiProperty({ nullable: true, type: String }) postUrl!: string | null;
  @ApiProperty({ enum: ['yes', 'no', 'not_sure'], nullable: true, type: String })
  aboutHeadteacher!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: TRACKS,
    description: 'the procedure the case follows',
  })
  track!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['england', 'wales'] }) nation!: string | null;
  @ApiProperty({ type: ProcedureResponse, nullable: true }) procedure!: ProcedureResponse | null;
  @ApiProperty({ type: SubjectResponse, nullable: true }) subject!: SubjectResponse | null;
  @ApiProperty({ type: PersonResponse, nullable: true }) reporter!: PersonResponse | null;
  @ApiProperty({ nullable: true, type: String }) ownerRole!: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: [EvidenceResponse] }) evidence!: EvidenceResponse[];
  @ApiProperty({ type: [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
  @ApiProperty({ type: [HrAdviceResponse] }) hrAdvice!: HrAdviceResponse[];
  @ApiProperty({ nullable: true, type: String }) classification!: string | null;
  @ApiProperty({ type: OutcomeResponse, nullable: true }) outcome!: OutcomeResponse | null;
  @ApiProperty({ nullable: true, type: String }) governorSummary!: string | null;
  @ApiProperty({ type: [ReferralResponse] }) referrals!: ReferralResponse[];
  @ApiProperty({ type: [String] }) allowedTransitions!: string[];
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseDetailResponse] }) items!: CaseDetailResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The answer to a hand-over: the caller no longer owns the case and may no longer see it. */
export class HandoverResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ownerUserId!: string;
  @ApiProperty({ enum: ['headteacher', 'dsl', 'chair_of_governors', 'governor'] })
  ownerRole!: string;
}
