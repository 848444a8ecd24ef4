import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUrl,
  MaxLength,
} from 'class-validator';
import { PLATFORMS } from '../../cases/case.constants.js';
import { ToArray } from '../../common/transforms.js';
import type { UploadFormOptions } from '../../platform/uploads/upload-form.reader.js';

/** The only form field that may carry evidence files, on a report and on a case. */
export const EVIDENCE_FIELD = 'evidence';

/** The multipart-only form of adding evidence to an existing case. */
export class AddEvidenceDto {
  @ApiPropertyOptional({ enum: PLATFORMS, enumName: 'Platform' })
  @IsOptional()
  @IsIn(PLATFORMS)
  platform?: (typeof PLATFORMS)[number];

  @ApiPropertyOptional({ format: 'uri' })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  postUrl?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', format: 'date-time' } })
  @IsOptional()
  @ToArray()
  @IsArray()
  @ArrayMaxSize(10)
  @IsISO8601({ strict: true, strictSeparator: true }, { each: true })
  evidenceCapturedAt?: string[];
}

/** How adding evidence is read: multipart only, since it exists to carry files. */
export const EVIDENCE_FORM: UploadFormOptions = {
  allowJson: false,
  repeatable: ['evidenceCapturedAt'],
  fileField: EVIDENCE_FIELD,
};
