import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../database/data-source.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, onPostgres, TestDatabase } from '../support/test-database.js';

/**
 * Bookkeeping transactions (the job queue's, a job's derived rows) commit without waiting for
 * the disk; every other transaction still does, before and after them, even when one fails.
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
    const config = AppConfig.fromEnvironment({
      DATA_DIR: database.dataDir,
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    });
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
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** What this transaction's commit will wait for, in the engine's own words. */
  const durability = (em: { query(sql: string): Promise<Record<string, unknown>[]> }) =>
    onPostgres()
      ? em.query('SHOW synchronous_commit').then((rows) => String(rows[0].synchronous_commit))
      : // 2 is FULL (a flush at every commit), 1 NORMAL (at checkpoints).
        em.query('PRAGMA synchronous').then((rows) => String(rows[0].synchronous));
  const waits = onPostgres() ? 'on' : '2';
  const doesNotWait = onPostgres() ? 'off' : '1';

  it('relaxes only the bookkeeping transaction itself', async () => {
    expect(await transactions.run(durability)).toBe(waits);
    expect(await transactions.runBookkeeping(durability)).toBe(doesNotWait);
    expect(await transactions.run(durability)).toBe(waits);
  });

  it('puts full durability back after a bookkeeping transaction that fails', async () => {
    await expect(
      transactions.runBookkeeping(async () => {
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await transactions.run(durability)).toBe(waits);
  });

  it('keeps ordinary transactions waiting while bookkeeping ones run beside them', async () => {
    const seen = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 2 ? transactions.runBookkeeping(durability) : transactions.run(durability),
      ),
    );
    expect(seen).toEqual([waits, doesNotWait, waits, doesNotWait, waits, doesNotWait]);
  });
});
