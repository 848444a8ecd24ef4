import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
  @ApiProperty() finding!: string;
  @ApiProperty() sanction!: string;
  @ApiProperty({ nullable: true, type: String }) rationale!: string | null;
  @ApiProperty() decidedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) appealResult?: string | null;
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
    enum: ['owner', 'hr', 'panel', 'appointer', 'reporter'],
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
