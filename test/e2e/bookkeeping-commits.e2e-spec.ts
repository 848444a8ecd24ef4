import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { onPostgres } from '../support/test-database.js';
import { createTestApp, TestApp } from '../support/test-app.js';

/**
 * Bookkeeping transactions (the job queue's, a job's derived rows) commit without waiting for
 * the disk; every other transaction still does, before and after them, even when one fails.
 */
describe('bookkeeping commits', () => {
  let t: TestApp;
  let transactions: TransactionRunner;
  /** An ordinary commit's: FULL on SQLite; on PostgreSQL the server's own setting. */
  let waits: string;
  beforeAll(async () => {
    t = await createTestApp();
    transactions = t.app.get(TransactionRunner);
    waits = onPostgres()
      ? String(
          (
            (await t.dataSource.query(
              `SELECT reset_val FROM pg_settings WHERE name = 'synchronous_commit'`,
            )) as { reset_val: string }[]
          )[0].reset_val,
        )
      : '2';
  });
  afterAll(() => t.close());

  /** What this transaction's commit will wait for, in the engine's own words. */
  const durability = (em: { query(sql: string): Promise<Record<string, unknown>[]> }) =>
    onPostgres()
      ? em.query('SHOW synchronous_commit').then((rows) => String(rows[0].synchronous_commit))
      : // 2 is FULL (a flush at every commit), 1 NORMAL (at checkpoints).
        em.query('PRAGMA synchronous').then((rows) => String(rows[0].synchronous));
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
