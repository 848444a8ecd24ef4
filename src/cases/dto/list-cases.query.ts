import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { REPORT_TYPES } from '../case.constants.js';
import { CASE_STATUSES } from '../workflow/index.js';

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES, enumName: 'CaseStatus' })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: string;
  @ApiPropertyOptional({ enum: REPORT_TYPES, enumName: 'ReportType' })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: string;
  @ApiPropertyOptional({ example: 'SM-05' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,16}$/)
  clause?: string;
  @ApiPropertyOptional({
    description: 'text search: reference, and the report text where you may read it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only the reports I filed' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: string;
}
