import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type QueryRunner } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';

/**
 * Every write goes through here. PostgreSQL gives each transaction its own pooled connection.
 * better-sqlite3 has a single connection, so two overlapping TypeORM transactions would
 * interleave their statements inside one BEGIN; they are queued here instead, one at a time.
 *
 * The same single connection would also let any other query (a page read, an audit entry
 * written outside a transaction) run inside the open BEGIN, seeing rows not yet committed (a
 * case half-deleted, a report about to be rolled back) or landing in someone else's rollback.
 * So on SQLite every statement that is not part of the open transaction waits until it ends:
 * the transaction's own statements are told apart by an AsyncLocalStorage mark set around its
 * work. TypeORM has no hook for this; the shared query runner's `query` is wrapped once.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  /** While a SQLite transaction is open: settles when it commits or rolls back. */
  private open: Promise<void> | null = null;
  private readonly inside = new AsyncLocalStorage<true>();
  private guarded = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get isPostgres(): boolean {
    return this.config.isPostgres;
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.config.isPostgres) return this.dataSource.transaction(work);
    this.guardSharedConnection();
    const result = this.tail.then(() => {
      let ended!: () => void;
      this.open = new Promise((resolve) => (ended = resolve));
      return this.inside
        .run(true, () => this.dataSource.transaction(work))
        .finally(() => {
          this.open = null;
          ended();
        });
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Makes statements from outside an open transaction wait for it (SQLite's one connection). */
  private guardSharedConnection(): void {
    if (this.guarded || !this.dataSource.isInitialized) return;
    this.guarded = true;
    const shared: QueryRunner = this.dataSource.driver.createQueryRunner('master');
    const query = shared.query.bind(shared) as (...args: unknown[]) => Promise<unknown>;
    (shared as unknown as { query: typeof query }).query = async (...args: unknown[]) => {
      // Loop: the next queued transaction may open before this statement gets its turn.
      while (this.open && !this.inside.getStore()) await this.open;
      return query(...args);
    };
  }
}
