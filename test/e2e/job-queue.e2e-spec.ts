import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { PgBossJobQueue } from '../../src/platform/queue/pg-boss-job-queue.js';
import { SqliteJobQueue } from '../../src/platform/queue/sqlite-job-queue.js';
import {
  appConfigFor,
  createTestDatabase,
  onPostgres,
  openMigrated,
  TestDatabase,
} from '../support/test-database.js';

/**
 * The queue engine itself, on the engine this pass runs (SQLite, or pg-boss on the throwaway
 * PostgreSQL): jobs written in a transaction, retried with backoff, and run once.
 */
describe(`the job queue (${onPostgres() ? 'pg-boss' : 'SQLite'})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let transactions: TransactionRunner;
  const queues: JobQueue[] = [];
  const seen: Record<string, string[]> = { done: [], flaky: [] };
  let flakyFailuresLeft = 2;
  const flakyTries: number[] = [];

  function makeQueue(): JobQueue {
    const queue = database.databaseUrl
      ? new PgBossJobQueue(database.databaseUrl)
      : new SqliteJobQueue(dataSource, transactions);
    queue.work<{ tag: string }>('test.done', async ({ tag }) => {
      seen.done.push(tag);
    });
    queue.work<{ tag: string }>(
      'test.flaky',
      async ({ tag }) => {
        flakyTries.push(Date.now());
        if (flakyFailuresLeft-- > 0) throw new Error('the mail server is down');
        seen.flaky.push(tag);
      },
      { retryLimit: 3, retryDelaySeconds: 1, retryDelayMaxSeconds: 4 },
    );
    queues.push(queue);
    return queue;
  }

  const start = (q: JobQueue) =>
    (q as unknown as { onApplicationBootstrap(): Promise<void> }).onApplicationBootstrap();
  const stop = (q: JobQueue) =>
    (q as unknown as { onModuleDestroy(): Promise<void> }).onModuleDestroy();

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = appConfigFor(database);
    dataSource = await openMigrated(config);
    transactions = new TransactionRunner(dataSource, config);
  });
  afterAll(async () => {
    for (const q of queues) await stop(q);
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs a job only if the transaction that wrote it committed, and then once', async () => {
    const queue = makeQueue();
    await start(queue);
    await transactions.run((em) => queue.enqueue(em, 'test.done', { tag: 'committed' }));
    await transactions
      .run(async (em) => {
        await queue.enqueue(em, 'test.done', { tag: 'rolled back' });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    await queue.drained();
    expect(seen.done).toEqual(['committed']);
  });

  it('tries a failing job again with a growing delay until it succeeds', async () => {
    const queue = queues[0];
    await transactions.run((em) => queue.enqueue(em, 'test.flaky', { tag: 'eventually' }));
    const deadline = Date.now() + 20_000;
    while (seen.flaky.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.flaky).toEqual(['eventually']);
    expect(flakyTries).toHaveLength(3);
    // 1 s then about 2 s (with jitter): the second wait is the longer.
    const [first, second] = [flakyTries[1] - flakyTries[0], flakyTries[2] - flakyTries[1]];
    expect(first).toBeGreaterThanOrEqual(900);
    expect(second).toBeGreaterThan(first * 0.9);
  }, 30_000);

  it('keeps a job written while no worker runs, and runs it when one starts', async () => {
    await stop(queues[0]);
    // A queue that is not started: the job waits in the database, as after a crash.
    const writer = queues[0];
    await transactions.run((em) => writer.enqueue(em, 'test.done', { tag: 'while stopped' }));
    const restarted = makeQueue();
    await start(restarted);
    await restarted.drained();
    expect(seen.done).toEqual(['committed', 'while stopped']);
  });

  if (!onPostgres()) {
    it('claims a job written in a transaction once it commits, woken by the job itself', async () => {
      const ran: string[] = [];
      const queue = new SqliteJobQueue(dataSource, transactions);
      queue.work<{ tag: string }>('test.woken', async ({ tag }) => {
        ran.push(tag);
      });
      await start(queue);
      try {
        // Without the timer, and once the start's own poll is over, only the wake from
        // `enqueue` (made inside the transaction) can claim it.
        const state = queue as unknown as { timer: NodeJS.Timeout; polling: boolean };
        clearInterval(state.timer);
        while (state.polling) await new Promise((resolve) => setTimeout(resolve, 5));
        await transactions.run((em) => queue.enqueue(em, 'test.woken', { tag: 'woken' }));
        const deadline = Date.now() + 10_000;
        while (ran.length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(ran).toEqual(['woken']);
      } finally {
        await stop(queue);
      }
    });

    it('fires a schedule once when it comes due, however often jobs wake the queue between', async () => {
      let now = Date.parse('2026-11-16T08:00:30.000Z');
      const fired: number[] = [];
      const queue = new SqliteJobQueue(dataSource, transactions, () => new Date(now));
      queue.work<{ tag: string }>('test.done', async () => undefined);
      queue.schedule('test.every-minute', { everyMinutes: 1 }, async () => {
        fired.push(now);
      });
      queues.push(queue);
      await start(queue);
      const wakeWithJobs = async (n: number) => {
        for (let i = 0; i < n; i++)
          await transactions.run((em) => queue.enqueue(em, 'test.done', { tag: `w${i}` }));
        await queue.drained();
      };
      await wakeWithJobs(5);
      expect(fired).toEqual([]); // 08:01 has not come
      now = Date.parse('2026-11-16T08:01:05.000Z');
      await wakeWithJobs(5);
      expect(fired).toHaveLength(1);
      await wakeWithJobs(5);
      expect(fired).toHaveLength(1); // 08:02 has not come
      now = Date.parse('2026-11-16T08:02:00.000Z');
      await wakeWithJobs(1);
      expect(fired).toHaveLength(2);
      await stop(queue);
    });

    it('takes back a job whose lease ran out, not one still held, nor one not yet due', async () => {
      const now = Date.parse('2026-11-16T09:00:00.000Z');
      const ran: string[] = [];
      const queue = new SqliteJobQueue(dataSource, transactions, () => new Date(now));
      queue.work<{ tag: string }>('test.leases', async ({ tag }) => {
        ran.push(tag);
      });
      queues.push(queue);
      const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
      const row = (tag: string, state: string, runAfter: string, lockedUntil: string | null) =>
        dataSource.query(
          `INSERT INTO queued_job ("id", "queue", "data", "state", "attempts", "runAfter", "lockedUntil", "createdAt")
           VALUES (?, 'test.leases', ?, ?, ?, ?, ?, ?)`,
          [
            `lease-${tag}`,
            JSON.stringify({ tag }),
            state,
            state === 'active' ? 1 : 0,
            runAfter,
            lockedUntil,
            at(-60),
          ],
        );
      // Started first: a start hands back every active job (one process on SQLite), and what
      // is tested here is the lease of a job another worker took after that.
      await start(queue);
      // A worker that died mid-job, one still working, and a backlog behind them.
      await row('lease ran out', 'active', at(-30), at(-1));
      await row('still held', 'active', at(-20), at(5));
      for (let i = 0; i < 12; i++) await row(`due ${i}`, 'created', at(-10 + i / 2), null);
      await row('not yet due', 'created', at(10), null);

      // The held job stays active, so the queue never drains: it is the one job left.
      await expect(queue.drained(3_000)).rejects.toThrow(
        'still has 1 job(s) due (test.leases active 1)',
      );

      expect(ran.sort()).toEqual(
        ['lease ran out', ...Array.from({ length: 12 }, (_, i) => `due ${i}`)].sort(),
      );
      await stop(queue);
    });
  }

  if (onPostgres()) {
    it('runs each job in one instance when several work the same queue', async () => {
      const [a, b] = [queues[1], makeQueue()];
      await start(b);
      for (let i = 0; i < 20; i++) {
        await transactions.run((em) => (i % 2 ? a : b).enqueue(em, 'test.done', { tag: `n${i}` }));
      }
      await a.drained();
      const tags = seen.done.filter((t) => t.startsWith('n'));
      expect(tags.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`).sort());
    });
  }
});
