import { ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  isISO8601,
  IsOptional,
  IsUrl,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { PLATFORMS } from '../../cases/case.constants.js';
import { ToArray } from '../../common/transforms.js';
import type { UploadFormOptions } from '../../platform/uploads/upload-form.reader.js';

/** The only form field that may carry evidence files, on a report and on a case. */
export const EVIDENCE_FIELD = 'evidence';

/**
 * `evidenceCapturedAt`: when each file was taken, aligned with the files by position. A blank
 * entry is a file whose time was not given, so a later file's time stays with that file.
 */
export function CaptureTimes() {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', format: 'date-time' },
      description:
        'when each file was taken, aligned with the evidence files by position; a blank entry for a file whose time is not given',
    }),
    IsOptional(),
    ToArray(),
    IsArray(),
    ArrayMaxSize(10),
    ValidateBy(
      {
        name: 'isCaptureTime',
        validator: {
          validate: (value: unknown) =>
            value === '' ||
            (typeof value === 'string' &&
              isISO8601(value, { strict: true, strictSeparator: true })),
          defaultMessage: () => '$property must be a date and time',
        },
      },
      { each: true },
    ),
  );
}

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

  @CaptureTimes()
  evidenceCapturedAt?: string[];
}

/** How adding evidence is read: multipart only, since it exists to carry files. */
export const EVIDENCE_FORM: UploadFormOptions = {
  allowJson: false,
  repeatable: ['evidenceCapturedAt'],
  fileField: EVIDENCE_FIELD,
  perFile: 'evidenceCapturedAt',
};
