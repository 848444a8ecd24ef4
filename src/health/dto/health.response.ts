import { ApiProperty } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class HealthIndicatorResponse {
  @ApiProperty({ enum: ['up', 'degraded', 'down'], enumName: 'HealthIndicatorStatus' })
  status!: 'up' | 'degraded' | 'down';
}

const indicators = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/HealthIndicatorResponse' },
  description: 'by check: database, evidenceStore, disk, pdfRenderer (readiness only)',
} as const;

/** terminus's answer: every check and how it went. */
export class HealthCheckResponse {
  @ApiProperty({ enum: ['ok', 'degraded', 'shutting_down'], enumName: 'HealthCheckStatus' })
  status!: 'ok' | 'degraded' | 'shutting_down';
  @ApiProperty(indicators) info!: Record<string, HealthIndicatorResponse>;
  @ApiProperty(indicators) error!: Record<string, HealthIndicatorResponse>;
  @ApiProperty(indicators) details!: Record<string, HealthIndicatorResponse>;
}
