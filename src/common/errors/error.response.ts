import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES } from './error-codes.js';

/** The one error body of the API (API.md "Errors"), as the OpenAPI document describes it. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'a sentence, or one line per problem for a validation failure',
  })
  message!: string | string[];
  @ApiPropertyOptional({ enum: ERROR_CODES, enumName: 'ErrorCode' }) code?: string;
  @ApiPropertyOptional({ description: 'on a 5xx: the request id to quote when reporting it' })
  requestId?: string;
}
