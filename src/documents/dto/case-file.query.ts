import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import {
  CASE_FILE_VARIANTS,
  DOCUMENT_VARIANTS,
  type CaseFileVariant,
  type DocumentVariant,
} from '../issued-document.entity.js';

export class CaseFileQuery {
  @ApiProperty({ enum: CASE_FILE_VARIANTS, enumName: 'CaseFileVariant' })
  @IsIn(CASE_FILE_VARIANTS)
  variant!: CaseFileVariant;
}

export class VerifyDocumentQuery {
  @ApiProperty({
    description: 'SHA-256 of the PDF bytes, 64 hex characters',
    pattern: '^[0-9a-fA-F]{64}$',
  })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256!: string;
}

/** Whether a PDF is genuine; the other fields only when it is. */
export class DocumentVerdictResponse {
  genuine!: boolean;
  @ApiPropertyOptional({ example: 'OAK-2026-0007' }) caseReference?: string;
  @ApiPropertyOptional({
    enum: DOCUMENT_VARIANTS,
    enumName: 'DocumentVariant',
    description: 'a case file (hr, governors) or a letter (invitation, outcome)',
  })
  variant?: DocumentVariant;
  @ApiPropertyOptional({ format: 'date-time' }) generatedAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the user who downloaded it' })
  generatedBy?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'set when the case has since been deleted under its retention schedule',
  })
  deletedUnderRetentionAt?: string;
}
