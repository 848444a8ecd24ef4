import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';

/**
 * Every write goes through here. PostgreSQL gives each transaction its own pooled connection.
 * better-sqlite3 has a single connection, so two overlapping TypeORM transactions would
 * interleave their statements inside one BEGIN; they are queued here instead, one at a time.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get isPostgres(): boolean {
    return this.config.isPostgres;
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.config.isPostgres) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
