import { Injectable } from '@nestjs/common';
import {
  RateLimiterPostgres,
  RateLimiterSQLite,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../common/database/transaction-runner.js';
import { AppConfig } from '../../config/app-config.js';

export interface LimitRule {
  /** Distinguishes this limit's keys in the shared table. */
  name: string;
  points: number;
  durationSeconds: number;
}

/** The table the migration creates in the shape rate-limiter-flexible's stores use. */
export const RATE_LIMIT_TABLE = 'rate_limit';

/** The store calls that write: on SQLite each waits its turn for the one connection. */
const WRITES = new Set<PropertyKey>(['consume', 'penalty', 'reward', 'block', 'set', 'delete']);

/**
 * rate-limiter-flexible on the app's own database, so every instance sharing one PostgreSQL
 * counts in one place and each consume is one atomic upsert. On SQLite the store uses the
 * connection TypeORM already holds (one process, one connection), through the transaction
 * queue like every other write.
 */
@Injectable()
export class RateLimiterFactory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
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
    return this.queued(
      new RateLimiterSQLite({
        ...common,
        storeClient: driver.databaseConnection,
        storeType: 'better-sqlite3',
      }),
    );
  }

  /**
   * The SQLite store writes through the raw connection, which TypeORM's transactions share: on
   * its own, a count could land inside another request's open transaction and be rolled back
   * with it, and each count committed with a flush of the disk on the event loop. Queued as
   * bookkeeping, a count is its own transaction and never waits for the disk; losing the last
   * counts in a power cut only forgives a few attempts. A refusal (over the limit) still
   * commits the count it made, as the library does on its own.
   */
  private queued(store: RateLimiterStoreAbstract): RateLimiterStoreAbstract {
    const transactions = this.transactions;
    return new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || !WRITES.has(property)) return value;
        return async (...args: unknown[]) => {
          const outcome = await transactions.runBookkeeping(async () => {
            try {
              return { answer: (await value.apply(target, args)) as unknown };
            } catch (refusal) {
              return { refusal };
            }
          });
          if ('refusal' in outcome) throw outcome.refusal;
          return outcome.answer;
        };
      },
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
