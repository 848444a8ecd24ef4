import { Injectable } from '@nestjs/common';
import {
  RateLimiterPostgres,
  RateLimiterSQLite,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';

export interface LimitRule {
  /** Distinguishes this limit's keys in the shared table. */
  name: string;
  points: number;
  durationSeconds: number;
}

/** The table the migration creates in the shape rate-limiter-flexible's stores use. */
export const RATE_LIMIT_TABLE = 'rate_limit';

/**
 * rate-limiter-flexible on the app's own database, so every instance sharing one PostgreSQL
 * counts in one place and each consume is one atomic upsert. On SQLite the store uses the
 * connection TypeORM already holds (one process, one connection).
 */
@Injectable()
export class RateLimiterFactory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  create(rule: LimitRule): RateLimiterStoreAbstract {
    const common = {
      keyPrefix: rule.name,
      points: rule.points,
      duration: rule.durationSeconds,
      tableName: RATE_LIMIT_TABLE,
      // The migration made the table; the library must not create one of its own.
      tableCreated: true,
      clearExpiredByTimeout: false,
    };
    if (this.config.isPostgres) {
      return new RateLimiterPostgres({
        ...common,
        storeClient: this.dataSource,
        storeType: 'typeorm',
      });
    }
    const driver = this.dataSource.driver as unknown as { databaseConnection: unknown };
    return new RateLimiterSQLite({
      ...common,
      storeClient: driver.databaseConnection,
      storeType: 'better-sqlite3',
    });
  }

  /** Rows whose window ended an hour ago or more: nothing reads them again. */
  async sweep(now = Date.now()): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM "${RATE_LIMIT_TABLE}" WHERE "expire" < ${this.config.isPostgres ? '$1' : '?'}`,
      [now - 3_600_000],
    );
  }
}
