import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { ToArray } from '../../common/transforms.js';
import { REFERRAL_AGENCIES } from '../case.constants.js';
import {
  APPEAL_RESULTS,
  CASE_STATUSES,
  CLASSIFICATIONS,
  FINDINGS,
  SANCTIONS,
} from '../workflow/index.js';

/** API.md: the body of POST /cases/:id/transitions. There is no writable status: `to` is a request. */
export class TransitionDto {
  @ApiProperty({ enum: CASE_STATUSES }) @IsIn(CASE_STATUSES) to!: (typeof CASE_STATUSES)[number];
  @ApiProperty({ description: 'the version the caller last saw; a stale one is 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) note?: string;
  @ApiPropertyOptional({ enum: CLASSIFICATIONS })
  @IsOptional()
  @IsIn(CLASSIFICATIONS)
  classification?: (typeof CLASSIFICATIONS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) hrQuestion?: string;
  @ApiPropertyOptional({ enum: FINDINGS })
  @IsOptional()
  @IsIn(FINDINGS)
  finding?: (typeof FINDINGS)[number];
  @ApiPropertyOptional({ enum: SANCTIONS })
  @IsOptional()
  @IsIn(SANCTIONS)
  sanction?: (typeof SANCTIONS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) rationale?: string;
  @ApiPropertyOptional({
    description: "the owner's own words for governors; the only free text they see",
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  governorSummary?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  appealLodgedAt?: string;
  @ApiPropertyOptional({ enum: APPEAL_RESULTS })
  @IsOptional()
  @IsIn(APPEAL_RESULTS)
  appealResult?: (typeof APPEAL_RESULTS)[number];
}

export class NoteDto {
  @ApiProperty() @IsString() @Length(1, 20000) body!: string;
}

export class HrAdviceDto {
  @ApiProperty() @IsString() @Length(1, 20000) advice!: string;
}

export class ReferralDto {
  @ApiProperty({ enum: REFERRAL_AGENCIES })
  @IsIn(REFERRAL_AGENCIES)
  agency!: (typeof REFERRAL_AGENCIES)[number];
  @ApiPropertyOptional({ description: "the agency's own reference" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
  @ApiProperty() @IsISO8601({ strict: true, strictSeparator: true }) referredAt!: string;
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
  @ApiProperty({ description: 'the version the caller last saw; a stale one is 409' })
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
  @ApiProperty({ description: 'the version the caller last saw; a stale one is 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}
