import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  CASE_FILE_VARIANTS,
  DOCUMENT_VARIANTS,
  type CaseFileVariant,
} from '../issued-document.entity.js';

/** What a verified PDF can be: the case documents, the termly report and a subject access export (no case). */
export const VERDICT_VARIANTS = [
  ...DOCUMENT_VARIANTS,
  'termly_report',
  'subject_access_export',
] as const;
export type VerdictVariant = (typeof VERDICT_VARIANTS)[number];

export class CaseFileQuery {
  @ApiProperty({ enum: CASE_FILE_VARIANTS, enumName: 'CaseFileVariant' })
  @IsIn(CASE_FILE_VARIANTS)
  variant!: CaseFileVariant;
}

export class VerifyDocumentQuery {
  @ApiProperty({
    description: 'SHA-256 of the PDF (or evidence pack ZIP) bytes, 64 hex characters',
    pattern: '^[0-9a-fA-F]{64}$',
  })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256!: string;
}

/** Whether a PDF or evidence pack is genuine; the other fields only when it is. */
export class DocumentVerdictResponse {
  genuine!: boolean;
  @ApiPropertyOptional({ example: 'OAK-2026-0007' }) caseReference?: string;
  @ApiPropertyOptional({
    enum: VERDICT_VARIANTS,
    enumName: 'DocumentVariant',
    description:
      "a case file (hr, governors), a letter (invitation, outcome), the evidence pack (a ZIP of the original evidence files), the termly governors' report or a subject access export",
  })
  variant?: VerdictVariant;
  @ApiPropertyOptional({
    example: 'autumn-2026',
    description: "termly_report only: the term it covers (with the school's code below)",
  })
  term?: string;
  @ApiPropertyOptional({ example: 'OAK', description: 'termly_report only' })
  schoolCode?: string;
  @ApiPropertyOptional({ format: 'date-time' }) generatedAt?: string;
  @ApiPropertyOptional({ description: 'the name of the person who downloaded it' })
  generatedBy?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'set when the case has since been deleted under its retention schedule',
  })
  deletedUnderRetentionAt?: string;
}

export class TermlyReportQuery {
  @ApiPropertyOptional({
    example: 'autumn-2026',
    pattern: '^(autumn|spring|summer)-20[0-9]{2}$',
    description:
      'the term: autumn (September to December), spring (January to March) or summer (April to August), and its year; default the current term',
  })
  @IsOptional()
  @Matches(/^(autumn|spring|summer)-20\d\d$/, {
    message: 'term must look like autumn-2026, spring-2027 or summer-2027',
  })
  term?: string;
}
