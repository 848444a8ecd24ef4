import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The contract's error body, for the OpenAPI document of the people and sign-in routes. */
export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  message!: string | string[];
  @ApiPropertyOptional({ example: 'VALIDATION_FAILED' }) code?: string;
}
