import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  IsUUID,
} from 'class-validator';
import { ToArray, ToBoolean } from '../../common/transforms.js';
import { HEARING_COMPANIONS, PLATFORMS, REFERRAL_AGENCIES } from '../case.constants.js';
import {
  APPEAL_RESULTS,
  CASE_ACTIONS,
  CASE_STATUSES,
  CLASSIFICATIONS,
  FINDINGS,
  HOLD_AGENCIES,
  LLC_RESPONSES,
  REFERRAL_DECISIONS,
  SANCTIONS,
  SUBJECT_RELATIONSHIPS,
} from '../workflow/index.js';

const optionalText = (max: number, description?: string) => [
  ApiPropertyOptional({ maxLength: max, ...(description ? { description } : {}) }),
  IsOptional(),
  IsString(),
  MaxLength(max),
];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };
const Text = (max: number, description?: string) => apply(...optionalText(max, description));
const Day = (description: string) =>
  apply(
    ApiPropertyOptional({ description: `${description}: a date (YYYY-MM-DD) or a date and time` }),
    IsOptional(),
    IsString(),
    MaxLength(40),
  );
const Flag = (description: string) =>
  apply(
    ApiPropertyOptional({ type: Boolean, description }),
    IsOptional(),
    ToBoolean(),
    IsBoolean(),
  );
const Choice = (values: readonly string[], enumName: string, description?: string) =>
  apply(
    ApiPropertyOptional({ enum: values, enumName, ...(description ? { description } : {}) }),
    IsOptional(),
    IsIn(values),
  );

/**
 * API.md: the body of POST /cases/:id/transitions. There is no writable status: `to` is a
 * request. Each move takes its own fields (cases/workflow/moves.table.ts says which); a field a
 * move does not take is ignored, so a page may post its whole form.
 */
export class TransitionDto {
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' })
  @IsIn(CASE_STATUSES)
  to!: (typeof CASE_STATUSES)[number];
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'the version the caller last saw; a stale one is 409',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
  @Text(20000) note?: string;
  @Choice(CLASSIFICATIONS, 'Classification') classification?: (typeof CLASSIFICATIONS)[number];
  @Choice(SUBJECT_RELATIONSHIPS, 'SubjectRelationship', 'a correction of who the case is about')
  subjectRelationship?: (typeof SUBJECT_RELATIONSHIPS)[number];
  @Text(20000) hrQuestion?: string;
  @Choice(FINDINGS, 'Finding') finding?: (typeof FINDINGS)[number];
  @Choice(SANCTIONS, 'Sanction') sanction?: (typeof SANCTIONS)[number];
  @Choice(LLC_RESPONSES, 'LowLevelConcernResponse', "a low-level concern's response")
  response?: (typeof LLC_RESPONSES)[number];
  @Text(20000) rationale?: string;
  @Text(5000, "the owner's own words for governors; the only free text they see")
  governorSummary?: string;
  @Flag(
    'keep names the check found in governorSummary (a 422 CASE_SUMMARY_NAMES_FOUND listed them); recorded on the event',
  )
  confirmNames?: boolean;
  @Flag('summary dismissal needs gross misconduct found at the hearing') grossMisconduct?: boolean;
  @Flag('allegations: the LADO agreed the finding') ladoAgreedFinding?: boolean;
  @Day('when the subject was told the outcome') subjectInformedAt?: string;
  @Text(500, 'why the subject has not been told yet') subjectInformedDeferred?: string;
  @Day("when the pupil's parents were told") parentsInformedAt?: string;
  @Text(500, 'why the parents have not been told') parentsInformedDeferred?: string;
  @Choice(HOLD_AGENCIES, 'HoldAgency') holdAgency?: (typeof HOLD_AGENCIES)[number];
  @Day('the review date of a hold (at most 20 working days ahead)') holdReviewDate?: string;
  @Flag('the police have said the school may look into it (indecent images)')
  agencyAgreed?: boolean;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() investigatorId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() hearingManagerId?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  hearingAt?: string;
  @Text(300) hearingPlace?: string;
  @Day('when the invitation letter is sent') invitationSentAt?: string;
  @Day('when the appeal was lodged') appealLodgedAt?: string;
  @Text(20000) appealGrounds?: string;
  @Choice(APPEAL_RESULTS, 'AppealResult') appealResult?: (typeof APPEAL_RESULTS)[number];
  @Choice(REFERRAL_DECISIONS, 'ReferralDecision') dbsDecision?: (typeof REFERRAL_DECISIONS)[number];
  @Text(500, 'the DBS reference, or why no referral is needed') dbsDetail?: string;
  @Choice(REFERRAL_DECISIONS, 'ReferralDecision', 'TRA in England, EWC in Wales')
  regulatorDecision?: (typeof REFERRAL_DECISIONS)[number];
  @Text(500) regulatorDetail?: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'closing an allegation: when the subject reaches normal pension age (YYYY-MM-DD)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  subjectPensionDate?: string;
  @Flag('closing a false or malicious allegation: the subject consented in writing to keep it')
  subjectConsentsToKeep?: boolean;
  @Flag('closing an allegation: it may be mentioned in a reference (only when substantiated)')
  referenceMention?: boolean;
  @Day('closing an allegation: when the subject was given a copy of the outcome')
  outcomeCopyGivenAt?: string;
}

/** POST /cases/:id/reclassify (API.md "Additions"): the case changes track. */
export class ReclassifyDto {
  @ApiProperty({ enum: CLASSIFICATIONS, enumName: 'Classification' })
  @IsIn(CLASSIFICATIONS)
  classification!: (typeof CLASSIFICATIONS)[number];
  @ApiProperty({ description: 'why the case is reclassified' })
  @IsString()
  @Length(3, 2000)
  reason!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'the version the caller last saw; a stale one is 409',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
  @Choice(SUBJECT_RELATIONSHIPS, 'SubjectRelationship', 'a correction of who the case is about')
  subjectRelationship?: (typeof SUBJECT_RELATIONSHIPS)[number];
}

/** POST /cases/:id/merge (issue 21): another report joins this case; both timelines are kept. */
export class MergeCasesDto {
  @ApiProperty({ format: 'uuid', description: 'the report merged into this case' })
  @IsUUID('all', { message: 'Choose the report to merge into this case.' })
  mergeCaseId!: string;
  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'why the two reports are one matter' })
  @IsString()
  @Length(3, 2000, { message: 'Say in a few words why these reports are the same matter.' })
  reason!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'the version of this case the caller last saw; a stale one is 409',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'the version of the merged report the caller last saw; a stale one is 409',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  mergeCaseVersion!: number;
}

export class NoteDto {
  @ApiProperty() @IsString() @Length(1, 20000) body!: string;
}

export class MessageDto {
  @ApiProperty({ minLength: 1, maxLength: 5000, description: 'the message, in words' })
  @IsString()
  @Length(1, 5000, { message: 'A message must be between 1 and 5,000 characters.' })
  body!: string;
}

export class HrAdviceDto {
  @ApiProperty() @IsString() @Length(1, 20000) advice!: string;
}

export class ReferralDto {
  @ApiProperty({ enum: REFERRAL_AGENCIES, enumName: 'ReferralAgency' })
  @IsIn(REFERRAL_AGENCIES)
  agency!: (typeof REFERRAL_AGENCIES)[number];
  @ApiPropertyOptional({ description: "the agency's own reference" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
  @ApiProperty({
    description: 'a date and time, or a date (YYYY-MM-DD), which is kept as that date',
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  referredAt!: string;
}

/** POST /cases/:id/handover: the owner passes the case to someone without a conflict. */
export class HandoverDto {
  @ApiProperty({ format: 'uuid', description: 'the person who will own the case' })
  @IsUUID()
  toUserId!: string;
  @ApiProperty({
    description: 'the declared reason (a conflict, or the chair deciding a "not sure" report)',
  })
  @IsString()
  @Length(3, 2000, { message: 'Give the reason for handing the case on (3 to 2,000 characters)' })
  reason!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'the version the caller last saw; a stale one is 409',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

/** POST /cases/:id/panel: the chair (or the head when the chair is excluded) names the panel. */
export class AppointPanelDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 5 })
  @ToArray()
  @IsArray()
  @ArrayMinSize(1, { message: 'Name at least one person to hear the appeal' })
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true })
  memberIds!: string[];
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'the version the caller last saw; a stale one is 409',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

/** POST /cases/:id/actions: an action taken on online abuse or a pupil's behaviour. */
export class CaseActionDto {
  @ApiProperty({ enum: CASE_ACTIONS, enumName: 'CaseAction' })
  @IsIn(CASE_ACTIONS)
  action!: (typeof CASE_ACTIONS)[number];
  @ApiPropertyOptional({ maxLength: 2000, description: 'what was done, in words' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  detail?: string;
  @ApiPropertyOptional({ description: 'when it was done: a date or a date and time (default now)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  takenAt?: string;
  @ApiPropertyOptional({
    enum: PLATFORMS,
    enumName: 'Platform',
    description: 'platform_takedown: the platform asked',
  })
  @IsOptional()
  @IsIn(PLATFORMS)
  platform?: (typeof PLATFORMS)[number];
  @ApiPropertyOptional({
    type: Boolean,
    description: 'platform_takedown: the platform has removed the post (stops the 2-day clock)',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  removed?: boolean;
  @ApiPropertyOptional({
    description: 'premises_restriction: representations invited by (YYYY-MM-DD)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  representationsBy?: string;
  @ApiPropertyOptional({ description: 'premises_restriction: review date (YYYY-MM-DD)' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  reviewDate?: string;
}

/** POST /cases/:id/support: support offered to the member of staff targeted. */
export class SupportDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(3, 2000) detail!: string;
}

/** POST /cases/:id/resignation: the subject resigned (the procedure still concludes). */
export class ResignationDto {
  @ApiProperty({ description: 'a date (YYYY-MM-DD) or a date and time' })
  @IsString()
  @MaxLength(40)
  resignedAt!: string;
}

/** POST /cases/:id/letters/outcome/sent: the outcome letter went out (the appeal window runs from it). */
export class LetterSentDto {
  @ApiProperty({ description: 'a date (YYYY-MM-DD) or a date and time' })
  @IsString()
  @MaxLength(40)
  sentAt!: string;
}

/** POST /cases/:id/hearing-record: the hearing was held; who came with the employee, and the notes. */
export class HearingRecordDto {
  @ApiProperty({ description: 'when the hearing was held: a date and time, not in the future' })
  @IsISO8601({ strict: true }, { message: 'heldAt must be a date and time' })
  heldAt!: string;

  @ApiProperty({ enum: HEARING_COMPANIONS, enumName: 'HearingCompanion' })
  @IsIn(HEARING_COMPANIONS, {
    message: 'companion must say who came: nobody, a colleague or a trade union representative',
  })
  companion!: (typeof HEARING_COMPANIONS)[number];

  @ApiPropertyOptional({ maxLength: 200, description: 'required unless companion is none' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  companionName?: string;

  @ApiProperty({ maxLength: 20000, description: 'the notes of the hearing' })
  @IsString()
  @Length(10, 20000, { message: 'notes must say what was said (at least 10 characters)' })
  notes!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'the version the caller last saw; a stale one is 409',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}
