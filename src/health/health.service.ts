import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception.js';

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  /** "ok" only once the database answers a query, not merely once the process is up. */
  async check(): Promise<{ status: 'ok' }> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      throw new DomainException(503, 'DATABASE_UNAVAILABLE', 'Database unreachable');
    }
  }
}
