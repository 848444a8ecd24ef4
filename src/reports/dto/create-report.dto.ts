import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { ToBoolean, ToList } from '../../common/transforms.js';
import {
  ABOUT_HEADTEACHER_ANSWERS,
  PLATFORMS,
  REPORT_TYPES,
  SUBJECT_RELATIONSHIPS,
} from '../../cases/case.constants.js';
import { CaptureTimes, EVIDENCE_FIELD } from '../../evidence/dto/add-evidence.dto.js';
import type { UploadFormOptions } from '../../platform/uploads/upload-form.reader.js';

/** API.md "Filing a report": the flat fields of the JSON body or the multipart form. */
export class CreateReportDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() schoolId!: string;

  @ApiProperty({ enum: REPORT_TYPES, enumName: 'ReportType' })
  @IsIn(REPORT_TYPES, { message: 'type must be policy_breach or online_abuse' })
  type!: (typeof REPORT_TYPES)[number];

  @ApiPropertyOptional({
    type: [String],
    example: ['SM-05'],
    description: 'repeated field or comma list',
  })
  @IsOptional()
  @ToList()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Za-z0-9-]{1,16}$/, { each: true, message: 'each clause code must look like SM-05' })
  clauseCodes?: string[];

  @ApiProperty({ minLength: 10, maxLength: 20000 })
  @IsString()
  @Length(10, 20000, { message: 'description must be between 10 and 20,000 characters' })
  description!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T18:30:00.000Z' })
  @IsISO8601(
    { strict: true, strictSeparator: true },
    { message: 'occurredAt must be a date and time' },
  )
  occurredAt!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subjectName?: string;

  @ApiProperty({ enum: SUBJECT_RELATIONSHIPS, enumName: 'SubjectRelationship' })
  @IsIn(SUBJECT_RELATIONSHIPS, {
    message: 'subjectRelationship must say how the person is connected to the school',
  })
  subjectRelationship!: (typeof SUBJECT_RELATIONSHIPS)[number];

  @ApiPropertyOptional({
    format: 'uuid',
    description: "the subject, when they are one of the school's people",
  })
  @IsOptional()
  @IsUUID()
  subjectUserId?: string;

  @ApiPropertyOptional({
    enum: ABOUT_HEADTEACHER_ANSWERS,
    enumName: 'AboutHeadteacherAnswer',
    default: 'no',
    description: '"Is this about the headteacher?"; yes and not_sure send the report to the chair',
  })
  @IsOptional()
  @IsIn(ABOUT_HEADTEACHER_ANSWERS, {
    message: 'Say whether this is about the headteacher: yes, no or not sure',
  })
  aboutHeadteacher?: (typeof ABOUT_HEADTEACHER_ANSWERS)[number];

  @ApiProperty({ enum: PLATFORMS, enumName: 'Platform' })
  @IsIn(PLATFORMS)
  platform!: (typeof PLATFORMS)[number];

  @ApiPropertyOptional({ format: 'uri' })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  postUrl?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  safeguarding?: boolean;

  @ApiPropertyOptional({ default: false, description: 'when true, no file may be attached' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  indecentImagesOfChildren?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  confidentialReporter?: boolean;

  @CaptureTimes()
  evidenceCapturedAt?: string[];
}

/** How the report form is read: JSON without files, or multipart with evidence files. */
export const REPORT_FORM: UploadFormOptions = {
  allowJson: true,
  repeatable: ['clauseCodes', 'evidenceCapturedAt'],
  fileField: EVIDENCE_FIELD,
  perFile: 'evidenceCapturedAt',
};
