import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
} from 'class-validator';
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
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) note?: string;
  @ApiPropertyOptional({ enum: CLASSIFICATIONS, enumName: 'Classification' })
  @IsOptional()
  @IsIn(CLASSIFICATIONS)
  classification?: (typeof CLASSIFICATIONS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) hrQuestion?: string;
  @ApiPropertyOptional({ enum: FINDINGS, enumName: 'Finding' })
  @IsOptional()
  @IsIn(FINDINGS)
  finding?: (typeof FINDINGS)[number];
  @ApiPropertyOptional({ enum: SANCTIONS, enumName: 'Sanction' })
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
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  appealLodgedAt?: string;
  @ApiPropertyOptional({ enum: APPEAL_RESULTS, enumName: 'AppealResult' })
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
  @ApiProperty({ enum: REFERRAL_AGENCIES, enumName: 'ReferralAgency' })
  @IsIn(REFERRAL_AGENCIES)
  agency!: (typeof REFERRAL_AGENCIES)[number];
  @ApiPropertyOptional({ description: "the agency's own reference" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true, strictSeparator: true })
  referredAt!: string;
}
