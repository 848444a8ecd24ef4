import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { CASE_FILE_VARIANTS, type CaseFileVariant } from '../issued-document.entity.js';

export class CaseFileQuery {
  @ApiProperty({ enum: CASE_FILE_VARIANTS }) @IsIn(CASE_FILE_VARIANTS) variant!: CaseFileVariant;
}

export class VerifyDocumentQuery {
  @ApiProperty({ description: 'SHA-256 of the PDF bytes, 64 hex characters' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256!: string;
}
