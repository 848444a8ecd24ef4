import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Equals,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { SAR_EVENT_KINDS, SAR_REVIEWER_ROLES } from '../subject-access.entities.js';

const instant = { type: String, format: 'date-time' } as const;
const day = { type: String, format: 'date' } as const;

/** POST /subject-access-requests: a request as it reached the school. */
export class CreateSubjectAccessRequestDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() schoolId!: string;
  @ApiProperty({ maxLength: 200, description: 'who made the request' })
  @IsString()
  @Length(1, 200)
  requesterName!: string;
  @ApiPropertyOptional({ maxLength: 300, description: 'how to reach them (address, e-mail)' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  requesterContact?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the person it is about, when they are one of the school’s people',
  })
  @IsOptional()
  @IsUUID()
  personUserId?: string;
  @ApiPropertyOptional({
    maxLength: 200,
    description: 'the person’s name; required when they are not one of the school’s people',
  })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  personName?: string;
  @ApiPropertyOptional({
    description:
      'the person is the headteacher (read from their roles when they are a user): the chair reviews the export',
  })
  @IsOptional()
  @IsBoolean()
  aboutHeadteacher?: boolean;
  @ApiProperty({ ...day, description: 'the day the request reached the school (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'receivedOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'receivedOn must be a real date' })
  receivedOn!: string;
}

export class ListSubjectAccessRequestsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() schoolId!: string;
}

/** POST /subject-access-requests/:id/extend */
export class ExtendSubjectAccessRequestDto {
  @ApiProperty({ enum: [1, 2], description: 'months added; two at most over all extensions' })
  @IsIn([1, 2])
  months!: number;
  @ApiProperty({ minLength: 3, maxLength: 1000, description: 'why (complex or numerous requests)' })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

/** POST /subject-access-requests/:id/release */
export class ReleaseSubjectAccessExportDto {
  @ApiProperty({
    format: 'uuid',
    description: 'the draft reviewed: released only if it is still the latest',
  })
  @IsUUID()
  exportId!: string;
  @ApiProperty({
    enum: [true],
    description: 'the reviewer has read every flagged free-text passage',
  })
  @Equals(true, { message: 'freeTextReviewed must be true: read the flagged passages first' })
  freeTextReviewed!: boolean;
}

export class SubjectAccessEventResponse {
  @ApiProperty({ enum: SAR_EVENT_KINDS }) kind!: string;
  @ApiProperty(instant) at!: string;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty({ ...day, nullable: true, description: 'the due date from then on; or answered' })
  onDate!: string | null;
  @ApiProperty({ type: Number, nullable: true }) months!: number | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) exportId!: string | null;
}

export class SubjectAccessExportSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(instant) createdAt!: string;
  @ApiProperty({ format: 'uuid' }) createdById!: string;
  @ApiProperty() pdfSha256!: string;
  @ApiProperty() jsonSha256!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'cases in the export; null for the admin (how often a person was reported is case information)',
  })
  caseCount!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'free-text passages flagged for review; null for the admin',
  })
  flagCount!: number | null;
}

export class ReviewFlagResponse {
  @ApiProperty({ example: 'cases[0].description' }) path!: string;
  @ApiProperty() caseReference!: string;
  @ApiProperty({ example: 'description' }) field!: string;
  @ApiProperty({ type: [String], description: 'names of other people found in the passage' })
  detectedNames!: string[];
}

/** A draft as its reviewer sees it: the files' hashes and what to check before release. */
export class SubjectAccessDraftResponse extends SubjectAccessExportSummary {
  @ApiProperty({ type: [ReviewFlagResponse] }) review!: ReviewFlagResponse[];
}

/** The register's row for one request: dates and events, never case content. */
export class SubjectAccessRequestResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty() requesterName!: string;
  @ApiProperty({ type: String, nullable: true }) requesterContact!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personUserId!: string | null;
  @ApiProperty() personName!: string;
  @ApiProperty({ enum: SAR_REVIEWER_ROLES, description: 'who reviews and releases the export' })
  reviewerRole!: string;
  @ApiProperty(day) receivedOn!: string;
  @ApiProperty({ ...day, description: 'the same date next month, next working day if not one' })
  originalDueOn!: string;
  @ApiProperty({ ...day, description: 'with any extensions' }) dueOn!: string;
  @ApiProperty({ description: 'months of extension granted so far (two at most)' })
  extensionMonths!: number;
  @ApiProperty({ ...day, nullable: true }) answeredOn!: string | null;
  @ApiProperty({ description: 'not answered and past the end of its due date' }) overdue!: boolean;
  @ApiProperty({ type: SubjectAccessExportSummary, nullable: true })
  latestExport!: SubjectAccessExportSummary | null;
  @ApiProperty({ type: [SubjectAccessEventResponse] }) events!: SubjectAccessEventResponse[];
}
