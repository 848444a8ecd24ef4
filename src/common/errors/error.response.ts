import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES } from './error-codes.js';

/** The one error body of the API (API.md "Errors"), as the OpenAPI document describes it. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description:
      "a sentence, or one line per problem for a validation failure; in the caller's language " +
      "(a signed-in person's own, else their school's; anyone else's Accept-Language): English " +
      'or Welsh. Switch on `code`, which never changes with the language',
  })
  message!: string | string[];
  @ApiPropertyOptional({ enum: ERROR_CODES, enumName: 'ErrorCode' }) code?: string;
  @ApiPropertyOptional({ description: 'on a 5xx: the request id to quote when reporting it' })
  requestId?: string;

  // Fields only some codes carry, so a client can go on (DomainException.extra): ids, tokens
  // and row numbers only, never case text.
  @ApiPropertyOptional({
    description: 'with AUTH_SECOND_FACTOR_REQUIRED: the challenge to answer at /auth/second-factor',
    type: 'object',
    properties: {
      token: { type: 'string' },
      methods: {
        type: 'array',
        items: { type: 'string', enum: ['totp', 'passkey', 'recovery_code'] },
      },
      expiresAt: { type: 'string', format: 'date-time' },
    },
    required: ['token', 'methods', 'expiresAt'],
  })
  challenge?: { token: string; methods: string[]; expiresAt: string };

  @ApiPropertyOptional({
    description: 'with PEOPLE_IMPORT_REJECTED: each row of the file and what was wrong with it',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  items?: Record<string, unknown>[];

  @ApiPropertyOptional({
    description:
      "with CASE_SUMMARY_NAMES_FOUND: the names the case knows that appear in the governors' summary",
    type: 'array',
    items: { type: 'string' },
  })
  names?: string[];

  @ApiPropertyOptional({ description: 'with AUTH_SSO_REFUSED: why the school account was refused' })
  reason?: string;
}
