import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { RateLimiterFactory } from '../../src/auth/throttle/rate-limiter.factory.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import {
  appConfigFor,
  createTestDatabase,
  openMigrated,
  TestDatabase,
} from '../support/test-database.js';

/**
 * Rate-limit counts live in the app's database. On SQLite they share the one connection with
 * every transaction, so a count must be a transaction of its own: never part of another
 * request's, which may be rolled back.
 */
describe('rate-limit counts', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let transactions: TransactionRunner;
  let factory: RateLimiterFactory;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = appConfigFor(database);
    dataSource = await openMigrated(config);
    transactions = new TransactionRunner(dataSource, config);
    factory = new RateLimiterFactory(dataSource, config, transactions);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('keeps a count made while another transaction is open and then rolled back', async () => {
    const limiter = factory.create({ name: 'spec_reports', points: 5, durationSeconds: 60 });
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const failing = transactions.run(async (em) => {
      await em.query(`DELETE FROM rate_limit WHERE 1 = 0`);
      opened();
      await finished;
      throw new Error('the report was refused');
    });
    await isOpen;

    const counting = limiter.consume('teacher-1');
    finish();
    await expect(failing).rejects.toThrow('the report was refused');
    expect((await counting).consumedPoints).toBe(1);

    expect((await limiter.get('teacher-1'))?.consumedPoints).toBe(1);
  });

  it('refuses past the limit and still keeps the count it made', async () => {
    const limiter = factory.create({ name: 'spec_pdfs', points: 2, durationSeconds: 60 });
    await limiter.consume('teacher-2');
    await limiter.consume('teacher-2');

    await expect(limiter.consume('teacher-2')).rejects.toMatchObject({ consumedPoints: 3 });
    expect((await limiter.get('teacher-2'))?.consumedPoints).toBe(3);
  });
});
