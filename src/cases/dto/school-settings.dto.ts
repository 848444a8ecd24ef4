import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ToArray, ToBoolean } from '../../common/transforms.js';
import { LANGUAGES, type Language } from '../../common/language.js';
import { NATIONS } from '../workflow/index.js';

/** Each setting in words: its validation messages start with them, so a page can place them. */
export const SETTING_WORDS = {
  nation: 'Nation',
  language: 'Language',
  noticeWorkingDays: "Working days' notice of a disciplinary hearing",
  appealWindowWorkingDays: 'Working days to appeal after the outcome letter',
  firstWarningMonths: 'Months a first written warning stays live',
  finalWarningMonths: 'Months a final written warning stays live',
  dismissalByPanel: 'Who decides a dismissal',
  llcPatternMonths: 'Months within which a second low-level concern raises a review',
  closureDays: 'Each closure day',
  retentionConductYears: 'Years a conduct breach case is kept after closing',
  retentionOnlineAbuseYears: 'Years an online abuse case is kept after closing',
  retentionPupilBehaviourYears: 'Years a pupil behaviour case is kept after closing',
} as const;

const whole = (min: number, max: number, what: string) => [
  ApiProperty({ type: 'integer', minimum: min, maximum: max, description: what }),
  Type(() => Number),
  IsInt({ message: `${what} must be a whole number` }),
  Min(min, { message: `${what} must be at least ${min}` }),
  Max(max, { message: `${what} must be at most ${max}` }),
];
const years = (what: string) => [
  ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    description: `${what}; left out, the current value stays`,
  }),
  IsOptional(),
  Type(() => Number),
  IsInt({ message: `${what} must be a whole number` }),
  Min(1, { message: `${what} must be at least 1` }),
  Max(100, { message: `${what} must be at most 100` }),
];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

/**
 * A school's procedural rules (DOMAIN.md §5, §6): the admin sets them, the workflow and the
 * clocks read them. The ranges are the database's own checks, so a refusal here is the only one.
 */
export class SchoolSettingsDto {
  @ApiProperty({
    enum: NATIONS,
    enumName: 'Nation',
    description: 'which procedure words and bank holidays apply',
  })
  @IsIn(NATIONS, { message: `${SETTING_WORDS.nation} must be England or Wales` })
  nation!: (typeof NATIONS)[number];

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description:
      "the language of the school's pages, mail and PDFs for people who have not chosen one",
  })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `${SETTING_WORDS.language} must be English or Welsh` })
  language?: Language;

  @apply(...whole(1, 30, SETTING_WORDS.noticeWorkingDays))
  noticeWorkingDays!: number;

  @apply(...whole(1, 60, SETTING_WORDS.appealWindowWorkingDays))
  appealWindowWorkingDays!: number;

  @apply(...whole(1, 60, SETTING_WORDS.firstWarningMonths))
  firstWarningMonths!: number;

  @apply(...whole(1, 60, SETTING_WORDS.finalWarningMonths))
  finalWarningMonths!: number;

  @ApiProperty({ description: 'dismissal decided by a panel of at least three governors' })
  @ToBoolean()
  @IsBoolean({ message: `${SETTING_WORDS.dismissalByPanel} must be yes or no` })
  dismissalByPanel!: boolean;

  @apply(...whole(1, 120, SETTING_WORDS.llcPatternMonths))
  llcPatternMonths!: number;

  @ApiProperty({
    type: [String],
    format: 'date',
    description: "the school's own closure days (YYYY-MM-DD), on top of its nation's bank holidays",
  })
  @ToArray()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, {
    each: true,
    message: `${SETTING_WORDS.closureDays} must be a date written like 2027-02-15`,
  })
  closureDays!: string[];

  // The retention schedule (DOMAIN.md §8) came later than the rest: a body without it keeps
  // the school's current schedule, so older clients do not reset it.
  @apply(...years(SETTING_WORDS.retentionConductYears))
  retentionConductYears?: number;

  @apply(...years(SETTING_WORDS.retentionOnlineAbuseYears))
  retentionOnlineAbuseYears?: number;

  @apply(...years(SETTING_WORDS.retentionPupilBehaviourYears))
  retentionPupilBehaviourYears?: number;
}

export class SchoolSettingsValues extends SchoolSettingsDto {
  @ApiProperty({ type: 'integer' }) declare retentionConductYears: number;
  @ApiProperty({ type: 'integer' }) declare retentionOnlineAbuseYears: number;
  @ApiProperty({ type: 'integer' }) declare retentionPupilBehaviourYears: number;
}

export class SchoolSettingsResponse extends SchoolSettingsValues {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty({ enum: LANGUAGES, description: "the school's default language" })
  declare language: Language;
  @ApiProperty({ description: 'false while the school uses the defaults of DOMAIN.md' })
  customised!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt!: string | null;
}
