import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../database/data-source.js';
import {
  NestedTransactionError,
  TransactionRunner,
} from '../../src/common/database/transaction-runner.js';
import { AppConfig } from '../../src/config/app-config.js';
import {
  appConfigFor,
  createTestDatabase,
  onPostgres,
  TestDatabase,
} from '../support/test-database.js';

/**
 * Bookkeeping transactions (the job queue's, a job's derived rows, rate-limit counts) commit
 * without waiting for the disk; every other transaction's caller still waits for it (on SQLite
 * through a flush of the log off the event loop), before and after them, even when one fails.
 */
describe('bookkeeping commits', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let transactions: TransactionRunner;

  /** A data source on the test database, as the app opens one. */
  async function open(config: AppConfig): Promise<DataSource> {
    const source = createDataSource(config);
    await source.initialize();
    return source;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = appConfigFor(database);
    dataSource = await open(config);
    if (onPostgres()) {
      // The throwaway test server runs with synchronous_commit off, which would make an
      // ordinary transaction look like a bookkeeping one. This database gets the production
      // default, and connections opened after it see it.
      await dataSource.query(
        `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', current_database()); END $$`,
      );
      await dataSource.destroy();
      dataSource = await open(config);
    }
    transactions = new TransactionRunner(dataSource, config);
    await dataSource.query('CREATE TABLE commits (n INTEGER)');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  type Queryable = { query(sql: string): Promise<Record<string, unknown>[]> };
  /** What this transaction's commit will wait for, in the engine's own words. */
  const durability = (em: Queryable) =>
    onPostgres()
      ? em.query('SHOW synchronous_commit').then((rows) => String(rows[0].synchronous_commit))
      : // 2 is FULL (a flush at every commit), 1 NORMAL (at checkpoints).
        em.query('PRAGMA synchronous').then((rows) => String(rows[0].synchronous));
  /** A transaction that writes, so that it has a commit to make durable. */
  const write = async (em: Queryable) => {
    await em.query('INSERT INTO commits (n) VALUES (1)');
    return durability(em);
  };

  /**
   * How a transaction's commit was made durable before its caller went on. PostgreSQL: the
   * commit's own setting. SQLite: the commit never waits for the disk ("1"); an ordinary one
   * is answered only after a flush of the log that began after its work ("1, flushed").
   */
  async function commitOf(kind: 'run' | 'runBookkeeping'): Promise<string> {
    const flushesBegun = transactions.walFlush.started;
    const inside = await transactions[kind](write);
    if (onPostgres()) return inside;
    return transactions.walFlush.finished > flushesBegun ? `${inside}, flushed` : inside;
  }
  const durable = onPostgres() ? 'on' : '1, flushed';
  const relaxed = onPostgres() ? 'off' : '1';

  /** SQLite: statements outside the runner (a session's last-seen time) flush their own commit. */
  async function expectConnectionDefault(): Promise<void> {
    if (!onPostgres()) expect(await durability(dataSource)).toBe('2');
  }

  it('relaxes only the bookkeeping transaction itself', async () => {
    expect(await commitOf('run')).toBe(durable);
    expect(await commitOf('runBookkeeping')).toBe(relaxed);
    expect(await commitOf('run')).toBe(durable);
    await expectConnectionDefault();
  });

  it('puts full durability back after a bookkeeping transaction that fails', async () => {
    await expect(
      transactions.runBookkeeping(async () => {
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await expectConnectionDefault();
    expect(await commitOf('run')).toBe(durable);
  });

  it('keeps ordinary transactions waiting while bookkeeping ones run beside them', async () => {
    const seen = await Promise.all(
      Array.from({ length: 6 }, (_, i) => commitOf(i % 2 ? 'runBookkeeping' : 'run')),
    );
    // Beside ordinary ones, a bookkeeping transaction may see their flush: it is not its own.
    expect(seen.filter((_, i) => i % 2 === 0)).toEqual([durable, durable, durable]);
    if (onPostgres()) expect(seen.filter((_, i) => i % 2)).toEqual([relaxed, relaxed, relaxed]);
    await expectConnectionDefault();
  });

  it('does not answer an ordinary transaction whose flush failed', async () => {
    if (onPostgres()) return;
    const flush = transactions.walFlush as unknown as { walPath: string };
    const walPath = flush.walPath;
    // Under a plain file, so the flush cannot open it (ENOTDIR) though the commit is made.
    flush.walPath = join(walPath, 'unreachable');
    try {
      await expect(transactions.run(write)).rejects.toThrow('ENOTDIR');
    } finally {
      flush.walPath = walPath;
    }
  });

  const count = async (): Promise<number> =>
    Number((await dataSource.query('SELECT count(*) AS n FROM commits'))[0].n);

  it('refuses a transaction opened inside another, and goes on working', async () => {
    const before = await count();
    // On SQLite the inner one used to queue behind the outer, which awaited it: neither ended.
    const inner = await transactions.run(async (em) => {
      await em.query('INSERT INTO commits (n) VALUES (1)');
      return transactions.runBookkeeping(write).catch((error: unknown) => error);
    });
    expect(inner).toBeInstanceOf(NestedTransactionError);
    expect(await count()).toBe(before + 1);
    expect(await transactions.run(write)).toBe(onPostgres() ? 'on' : '1');
  });

  it('treats work a transaction left running as outside it once it has ended', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let leftRunning!: Promise<{ seen: number; opened: string }>;
    await transactions.run(async () => {
      // Started inside the first transaction, so it carries that transaction's mark.
      leftRunning = gate.then(async () => {
        const seen = await count();
        return { seen, opened: await transactions.run(write) };
      });
    });
    const before = await count();
    // A second transaction writes a row, lets the left-over work go, then rolls back.
    const rolledBack = transactions.run(async (em) => {
      await em.query('INSERT INTO commits (n) VALUES (1)');
      release();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('rolled back');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    // The left-over work waited for the second to end (it did not read its uncommitted row on
    // SQLite's one connection), and could open a transaction of its own.
    const { seen, opened } = await leftRunning;
    expect(seen).toBe(before);
    expect(opened).toBe(onPostgres() ? 'on' : '1');
  });
});
