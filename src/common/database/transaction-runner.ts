import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type QueryRunner } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { WalFlush } from './wal-flush.js';

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
  /** Flushes the SQLite log before an ordinary transaction's caller goes on (wal-flush.ts). */
  readonly walFlush: WalFlush;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.walFlush = new WalFlush(config.isPostgres ? null : walPathOf(dataSource));
  }

  get isPostgres(): boolean {
    return this.config.isPostgres;
  }

  /**
   * A transaction that is durable when this settles. On SQLite it commits without waiting for
   * the disk and then waits, off the event loop, for a flush of the log (wal-flush.ts).
   */
  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.transaction(work);
    await this.walFlush.flush();
    return result;
  }

  /**
   * A transaction whose loss in a power cut (not a crash: the operating system still has it)
   * would only make finished work run again: the job queue's own bookkeeping, what a job works
   * out from evidence that is already safe (a print rendition, the text read from an image), a
   * rate limit's count. Its caller does not wait for the disk; the next ordinary transaction's
   * flush, or SQLite's next checkpoint, makes it durable too. PostgreSQL gets the same bargain
   * through synchronous_commit = off for this transaction only.
   */
  runBookkeeping<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction(work, true);
  }

  private transaction<T>(work: (em: EntityManager) => Promise<T>, relaxed = false): Promise<T> {
    if (this.config.isPostgres) {
      return this.dataSource.transaction(async (em) => {
        if (relaxed) await em.query('SET LOCAL synchronous_commit = off');
        return work(em);
      });
    }
    this.guardSharedConnection();
    const result = this.tail.then(() => {
      let ended!: () => void;
      this.open = new Promise((resolve) => (ended = resolve));
      return this.inside
        .run(true, async () => {
          // Set between transactions (SQLite refuses it inside one). FULL, the default the
          // data source opens with, is put back whatever the work does: a statement outside
          // the runner (a session's last-seen time) still flushes its own commit.
          await this.dataSource.query('PRAGMA synchronous = NORMAL');
          try {
            return await this.dataSource.transaction(work);
          } finally {
            await this.dataSource.query('PRAGMA synchronous = FULL');
          }
        })
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

/** The SQLite database's write-ahead log, or null for one held in memory. */
function walPathOf(dataSource: DataSource): string | null {
  const database = (dataSource.options as { database?: unknown }).database;
  return typeof database === 'string' && database !== ':memory:' && database !== ''
    ? `${database}-wal`
    : null;
}
