import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  type HealthIndicatorFunction,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { DomainException } from '../common/errors/domain.exception.js';
import { HealthCheckResponse } from './dto/health.response.js';
import { ReadinessIndicators } from './readiness-indicators.js';

@Injectable()
export class HealthService {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly readiness: ReadinessIndicators,
  ) {}

  /** API.md's probe: "ok" only once the database answers a query, not merely once the process is up. */
  async check(): Promise<{ status: 'ok' }> {
    await this.run([() => this.database.pingCheck('database')], 'DATABASE_UNAVAILABLE');
    return { status: 'ok' };
  }

  /** The process is up and serving requests; nothing it depends on is asked. */
  live(): Promise<HealthCheckResponse> {
    return this.run([], 'NOT_READY');
  }

  /** Everything a report and a case file need: the database, the store, disk room, Chromium. */
  ready(): Promise<HealthCheckResponse> {
    return this.run(
      [
        () => this.database.pingCheck('database'),
        () => this.readiness.evidenceStoreWritable(),
        () => this.readiness.diskSpace(),
        () => this.readiness.pdfRenderer(),
      ],
      'NOT_READY',
    );
  }

  /** terminus answers a failed check with its own body; the API's errors have one shape. */
  private async run(checks: HealthIndicatorFunction[], code: string): Promise<HealthCheckResponse> {
    try {
      return (await this.health.check(checks)) as HealthCheckResponse;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const failed = Object.entries(
        (error.getResponse() as { error?: Record<string, Record<string, unknown>> }).error ?? {},
      ).map(([name, { status: _, ...data }]) =>
        Object.keys(data).length ? `${name} (${JSON.stringify(data)})` : name,
      );
      this.logger.warn(`not ready: ${failed.join(', ')}`);
      throw new DomainException(
        503,
        code,
        code === 'DATABASE_UNAVAILABLE'
          ? 'Database unreachable'
          : `Not ready: ${failed.join(', ')}`,
      );
    }
  }
}
