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
 *
 * A transaction opened from inside another's work is refused at once, on both engines. On
 * SQLite it would queue behind the one awaiting it and neither would ever end; on PostgreSQL
 * it would commit on a second connection whatever became of the first, so the pair would not
 * be atomic (and could wait on the first's row locks for ever).
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  /** While a SQLite transaction is open: settles when it commits or rolls back. */
  private open: Promise<void> | null = null;
  /**
   * Marks the work of the transaction that is open. The mark travels with anything that work
   * starts, even work left running after the transaction ends, so it is read as open only
   * while `open` is true.
   */
  private readonly inside = new AsyncLocalStorage<{ open: boolean }>();
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
    if (this.isInside()) return Promise.reject(new NestedTransactionError());
    if (this.config.isPostgres) {
      return this.marked(() =>
        this.dataSource.transaction(async (em) => {
          if (relaxed) await em.query('SET LOCAL synchronous_commit = off');
          return work(em);
        }),
      );
    }
    this.guardSharedConnection();
    const result = this.tail.then(() => {
      let ended!: () => void;
      this.open = new Promise((resolve) => (ended = resolve));
      return this.marked(async () => {
        // Set between transactions (SQLite refuses it inside one). FULL, the default the
        // data source opens with, is put back whatever the work does: a statement outside
        // the runner (a session's last-seen time) still flushes its own commit.
        await this.dataSource.query('PRAGMA synchronous = NORMAL');
        try {
          return await this.dataSource.transaction(work);
        } finally {
          await this.dataSource.query('PRAGMA synchronous = FULL');
        }
      }).finally(() => {
        this.open = null;
        ended();
      });
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `work` as if from outside any open transaction, for work a transaction starts but does
   * not wait for (the job queue's claim, woken by a job enqueued inside one): its own
   * transactions then queue behind the open one instead of being refused as nested.
   */
  detached<T>(work: () => T): T {
    return this.inside.exit(work);
  }

  /** Runs a transaction's work under the mark of an open transaction, cleared when it ends. */
  private async marked<T>(work: () => Promise<T>): Promise<T> {
    const mark = { open: true };
    try {
      return await this.inside.run(mark, work);
    } finally {
      mark.open = false;
    }
  }

  private isInside(): boolean {
    return this.inside.getStore()?.open === true;
  }

  /** Makes statements from outside an open transaction wait for it (SQLite's one connection). */
  private guardSharedConnection(): void {
    if (this.guarded || !this.dataSource.isInitialized) return;
    this.guarded = true;
    const shared: QueryRunner = this.dataSource.driver.createQueryRunner('master');
    const query = shared.query.bind(shared) as (...args: unknown[]) => Promise<unknown>;
    (shared as unknown as { query: typeof query }).query = async (...args: unknown[]) => {
      // Loop: the next queued transaction may open before this statement gets its turn.
      while (this.open && !this.isInside()) await this.open;
      return query(...args);
    };
  }
}

/** A transaction was asked for from inside another's work: a mistake in the calling code. */
export class NestedTransactionError extends Error {
  constructor() {
    super(
      'a transaction was opened inside another: pass the open EntityManager down instead, or ' +
        'start the second after the first has ended',
    );
    this.name = 'NestedTransactionError';
  }
}

/** The SQLite database's write-ahead log, or null for one held in memory. */
function walPathOf(dataSource: DataSource): string | null {
  const database = (dataSource.options as { database?: unknown }).database;
  return typeof database === 'string' && database !== ':memory:' && database !== ''
    ? `${database}-wal`
    : null;
}
