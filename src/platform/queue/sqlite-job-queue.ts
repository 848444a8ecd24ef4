import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { TransactionRunner } from '../../common/database/transaction-runner.js';
import { JobQueue, nextOccurrence, retryDelayMs, stillDue, type Worker } from './job-queue.js';

/** How often the table is looked at when nothing woke the worker (a retry coming due, a schedule). */
const POLL_MS = 1000;
/** Jobs this process runs at once. */
const CONCURRENCY = 4;
/** A job still active after this is taken to be lost with its worker, and tried again. */
const LEASE_MS = 15 * 60 * 1000;

interface ClaimedJob {
  id: string;
  queue: string;
  data: string;
  attempts: number;
}

/**
 * The job queue on SQLite: rows in `queued_job` (migration JobQueue), written in the caller's
 * transaction and worked by this process. SQLite means one app process, so one poller here is
 * every worker there is, and a job found active at start-up belongs to a process that died.
 *
 * Hand-written because no maintained Node queue keeps its jobs in the application's own SQLite
 * file, and only a row in the same database can be written in the same transaction as the change
 * it belongs to. Claims and schedules go through TransactionRunner: better-sqlite3 has one
 * connection, and the write queue orders a claim after any transaction still writing a job.
 * Claims, completions and retries are bookkeeping (runBookkeeping): lost in a power cut, a job
 * only runs again, and every job here may (a mail checks it was not sent first).
 */
@Injectable()
export class SqliteJobQueue extends JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private pollAgain = false;
  private stopped = true;
  /**
   * When the soonest of this build's schedules comes due (ms since the epoch); the table is not
   * read before then. Every wake polls (each job enqueued wakes it), and reading the schedules
   * each time was a transaction of its own per job. This process alone fires them (SQLite: one
   * app process), so what it last read stays true until it fires them again.
   */
  private schedulesDueAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  async enqueue(em: EntityManager, name: string, data: object): Promise<void> {
    const now = this.now().toISOString();
    await em.query(
      `INSERT INTO queued_job ("id", "queue", "data", "state", "attempts", "runAfter", "createdAt")
       VALUES (?, ?, ?, 'created', 0, ?, ?)`,
      [randomUUID(), name, JSON.stringify(data), now, now],
    );
    // The claim queues behind this very transaction, so it sees the job once it has committed.
    this.wake();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.transactions.run(async (em) => {
      // One process on SQLite: whatever is still active was cut off by a crash or a kill.
      await em.query(`UPDATE queued_job SET "state" = 'created' WHERE "state" = 'active'`);
      const now = this.now();
      for (const s of this.schedules.values()) {
        const recurrence = `${s.cron} ${s.tz}`;
        const next = nextOccurrence(s.cron, s.tz, now).toISOString();
        await em.query(
          `INSERT INTO queue_schedule ("name", "recurrence", "nextRunAt") VALUES (?, ?, ?)
           ON CONFLICT ("name") DO UPDATE SET "recurrence" = excluded."recurrence",
             "nextRunAt" = excluded."nextRunAt"
           WHERE queue_schedule."recurrence" <> excluded."recurrence"`,
          [s.name, recurrence, next],
        );
      }
    });
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Stops taking jobs and lets those running finish, before the database closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
  }

  async drained(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const names = [...this.workers.keys()];
      const due: { queue: string; state: string; n: number }[] = names.length
        ? await this.transactions.run((em) =>
            em.query(
              `SELECT "queue", "state", COUNT(*) AS n FROM queued_job
               WHERE "queue" IN (${names.map(() => '?').join(', ')})
               AND ("state" = 'active' OR ("state" = 'created' AND "runAfter" <= ?))
               GROUP BY "queue", "state"`,
              [...names, this.now().toISOString()],
            ),
          )
        : [];
      if (due.length === 0 && this.running.size === 0) return;
      if (Date.now() > deadline) throw new Error(stillDue(due));
      this.wake();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    // Detached: a wake from inside a transaction (a job enqueued) would otherwise carry its
    // mark, and the claim would be refused as nested rather than queue behind it.
    void this.transactions
      .detached(() => this.poll())
      .catch((error: Error) => this.logger.error(`job queue poll failed: ${error.message}`))
      .finally(() => {
        this.polling = false;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.wake();
        }
      });
  }

  private async poll(): Promise<void> {
    await this.fireSchedules();
    const free = CONCURRENCY - this.running.size;
    if (free <= 0 || this.workers.size === 0 || this.stopped) return;
    const names = [...this.workers.keys()];
    const queues = names.map(() => '?').join(', ');
    const now = this.now();
    const claimed: ClaimedJob[] = await this.transactions.runBookkeeping((em) =>
      em.query(
        // Due jobs and jobs whose lease ran out, each taken in order from the (state, runAfter)
        // index and limited before they are merged: one OR over both made SQLite gather and
        // sort every due job, which a burst of reports leaves by the thousand.
        `UPDATE queued_job SET "state" = 'active', "attempts" = "attempts" + 1, "lockedUntil" = ?
         WHERE "id" IN (
           SELECT "id" FROM (
             SELECT * FROM (
               SELECT "id", "runAfter" FROM queued_job
               WHERE "state" = 'created' AND "runAfter" <= ? AND "queue" IN (${queues})
               ORDER BY "runAfter" LIMIT ?)
             UNION ALL
             SELECT * FROM (
               SELECT "id", "runAfter" FROM queued_job
               WHERE "state" = 'active' AND "lockedUntil" <= ? AND "queue" IN (${queues})
               ORDER BY "runAfter" LIMIT ?))
           ORDER BY "runAfter" LIMIT ?)
         RETURNING "id", "queue", "data", "attempts"`,
        [
          new Date(now.getTime() + LEASE_MS).toISOString(),
          now.toISOString(),
          ...names,
          free,
          now.toISOString(),
          ...names,
          free,
          free,
        ],
      ),
    );
    for (const job of claimed) {
      const run: Promise<void> = this.run(job).finally(() => {
        this.running.delete(run);
        this.wake();
      });
      this.running.add(run);
    }
  }

  private async run(job: ClaimedJob): Promise<void> {
    const worker = this.workers.get(job.queue) as Worker;
    try {
      await worker.handler(JSON.parse(job.data) as never);
      await this.transactions.runBookkeeping((em) =>
        em.query(`DELETE FROM queued_job WHERE "id" = ?`, [job.id]),
      );
    } catch (error) {
      const failed = job.attempts > worker.retry.retryLimit;
      const runAfter = new Date(this.now().getTime() + retryDelayMs(worker.retry, job.attempts));
      // Ids and the error's class only: a message may quote an address or a server's reply.
      const why = (error as Error).name ?? 'Error';
      this.logger.warn(
        `job ${job.queue} ${job.id} failed (try ${job.attempts}: ${why})` +
          (failed ? '; giving up' : `; again after ${runAfter.toISOString()}`),
      );
      await this.transactions.runBookkeeping((em) =>
        em.query(
          `UPDATE queued_job SET "state" = ?, "runAfter" = ?, "lockedUntil" = NULL, "lastError" = ?
           WHERE "id" = ?`,
          [failed ? 'failed' : 'created', runAfter.toISOString(), why.slice(0, 200), job.id],
        ),
      );
    }
  }

  /** Each occurrence that has come due becomes one job; the next one is set in the same step. */
  private async fireSchedules(): Promise<void> {
    if (this.schedules.size === 0) return;
    const now = this.now();
    if (now.getTime() < this.schedulesDueAt) return;
    await this.transactions.run(async (em) => {
      const due: { name: string }[] = await em.query(
        `SELECT "name" FROM queue_schedule WHERE "nextRunAt" <= ?`,
        [now.toISOString()],
      );
      for (const { name } of due) {
        const s = this.schedules.get(name);
        if (!s) continue; // a schedule this build no longer has
        await em.query(`UPDATE queue_schedule SET "nextRunAt" = ? WHERE "name" = ?`, [
          nextOccurrence(s.cron, s.tz, now).toISOString(),
          name,
        ]);
        await this.enqueue(em, name, {});
      }
      const names = [...this.schedules.keys()];
      const [{ next }] = (await em.query(
        `SELECT MIN("nextRunAt") AS "next" FROM queue_schedule
         WHERE "name" IN (${names.map(() => '?').join(', ')})`,
        names,
      )) as { next: string | null }[];
      this.schedulesDueAt = next ? Date.parse(next) : Number.POSITIVE_INFINITY;
    });
  }
}
