import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PLATFORMS,
  REFERRAL_AGENCIES,
  REPORT_TYPES,
  SUBJECT_RELATIONSHIPS,
} from '../case.constants.js';
import { CASE_EVENT_KINDS } from '../case-event.entity.js';
import {
  APPEAL_RESULTS,
  CASE_STATUSES,
  CLASSIFICATIONS,
  FINDINGS,
  OWNER_ROLES,
  SANCTIONS,
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
  @ApiProperty(instant) referredAt!: string;
  @ApiProperty(instant) recordedAt!: string;
}

export class OutcomeResponse {
  @ApiProperty({ enum: FINDINGS, enumName: 'Finding' }) finding!: string;
  @ApiProperty({ enum: SANCTIONS, enumName: 'Sanction' }) sanction!: string;
  @ApiProperty({ nullable: true, type: String }) rationale!: string | null;
  @ApiProperty(instant) decidedAt!: string;
  @ApiPropertyOptional({ enum: APPEAL_RESULTS, type: String, nullable: true })
  appealResult?: string | null;
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

/** A case as one caller may see it: fields they may not see are null (or empty lists). */
export class CaseDetailResponse {
  @ApiProperty(id) id!: string;
  @ApiProperty({ example: 'OAK-2026-0007' }) reference!: string;
  @ApiProperty(id) schoolId!: string;
  @ApiProperty({ enum: REPORT_TYPES, enumName: 'ReportType' }) type!: string;
  @ApiProperty(status) status!: string;
  @ApiProperty({ type: 'integer', description: 'send it back with a change; a stale one is 409' })
  version!: number;
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
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseDetailResponse] }) items!: CaseDetailResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next page' })
  nextCursor!: string | null;
}
