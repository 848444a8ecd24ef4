import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LANGUAGES, type Language } from '../../common/language.js';

const CHOICES = [...LANGUAGES, 'school'] as const;

/** PUT /api/v1/auth/me/language: a person's own language, or "school" to follow the school's. */
export class LanguageChoiceDto {
  @ApiProperty({
    enum: CHOICES,
    description: "'en' or 'cy', or 'school' to follow the school's default",
  })
  @IsIn(CHOICES, { message: 'language must be English (en), Welsh (cy) or school' })
  language!: Language | 'school';
}
