import { CronExpressionParser } from 'cron-parser';
import type { EntityManager } from 'typeorm';

/** How a job that throws is tried again: `retryLimit` more times, the delay doubling each time. */
export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retryLimit: 3,
  retryDelaySeconds: 10,
  retryDelayMaxSeconds: 600,
};

/** When a recurring job runs: a cron expression (in `tz`, default UTC), or every N minutes. */
export type Recurrence = { cron: string; tz?: string } | { everyMinutes: number };

export type JobHandler<T> = (data: T) => Promise<void>;

export interface Worker {
  name: string;
  handler: JobHandler<never>;
  retry: RetryPolicy;
}

export interface Schedule {
  name: string;
  cron: string;
  tz: string;
}

/**
 * A durable job queue: a job is a row written in the caller's own transaction, so it exists if
 * and only if the change it belongs to committed, and a crash loses none. A worker picks it up
 * after the commit; a job that throws is tried again with a growing delay. Recurring jobs run
 * once per occurrence across all instances, however many are running.
 *
 * On PostgreSQL this is pg-boss (PgBossJobQueue); on SQLite, which means one process, a table in
 * the same database worked by this process (SqliteJobQueue). Features register their workers
 * and schedules in onModuleInit; the queue starts working them at application bootstrap.
 */
export abstract class JobQueue {
  protected readonly workers = new Map<string, Worker>();
  protected readonly schedules = new Map<string, Schedule>();

  /** Registers the handler for jobs named `name`. Once per name, before bootstrap. */
  work<T extends object>(
    name: string,
    handler: JobHandler<T>,
    retry: Partial<RetryPolicy> = {},
  ): void {
    assertJobName(name);
    if (this.workers.has(name)) throw new Error(`A worker for ${name} is already registered`);
    this.workers.set(name, {
      name,
      handler: handler as JobHandler<never>,
      retry: { ...DEFAULT_RETRY, ...retry },
    });
  }

  /**
   * Runs `handler` on `recurrence`, once per occurrence across every instance (not once per
   * instance). An occurrence missed while no instance was running is run once when one starts.
   */
  schedule(name: string, recurrence: Recurrence, handler: () => Promise<void>): void {
    const cron = 'cron' in recurrence ? recurrence.cron : cronEvery(recurrence.everyMinutes);
    const tz = ('cron' in recurrence && recurrence.tz) || 'UTC';
    nextOccurrence(cron, tz, new Date()); // a bad expression fails at registration, not later
    this.work(name, () => handler(), { retryLimit: 1 });
    this.schedules.set(name, { name, cron, tz });
  }

  /** Adds a job inside the caller's transaction `em`: it commits or rolls back with it. */
  abstract enqueue(em: EntityManager, name: string, data: object): Promise<void>;

  /**
   * Resolves once no job of this queue's workers is due or running (a job waiting out a retry
   * delay is not due). For tests and the soak, which wait for mail to go out.
   */
  abstract drained(timeoutMs?: number): Promise<void>;
}

/** The next time `cron` (in `tz`) fires strictly after `after`. */
export function nextOccurrence(cron: string, tz: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz }).next().toDate();
}

/** pg-boss's delay between tries, so both queues back off alike: doubling, with jitter. */
export function retryDelayMs(retry: RetryPolicy, attemptsMade: number): number {
  const growth = 2 ** Math.min(16, attemptsMade);
  const seconds = retry.retryDelaySeconds * (growth / 2 + (growth / 2) * Math.random());
  return Math.min(retry.retryDelayMaxSeconds, seconds) * 1000;
}

/** An interval as cron, so both queues schedule alike (pg-boss schedules by cron only). */
function cronEvery(minutes: number): string {
  if (Number.isInteger(minutes) && minutes > 0 && minutes < 60 && 60 % minutes === 0) {
    return `*/${minutes} * * * *`;
  }
  const hours = minutes / 60;
  if (Number.isInteger(hours) && hours > 0 && hours <= 24 && 24 % hours === 0) {
    return `0 */${hours} * * *`;
  }
  throw new Error(`Every ${minutes} minutes does not divide an hour or a day; use a cron instead`);
}

function assertJobName(name: string): void {
  // pg-boss's rule for queue names; the SQLite queue keeps to it too.
  if (!/^[A-Za-z0-9_.\-/]{1,64}$/.test(name)) throw new Error(`Not a job name: ${name}`);
}

/** Which jobs a drain gave up on, so a failing test says what it waited for. */
export function stillDue(due: { queue: string; state: string; n: number | string }[]): string {
  const total = due.reduce((sum, row) => sum + Number(row.n), 0);
  const which = due.map((row) => `${row.queue} ${row.state} ${row.n}`).join(', ');
  return `the job queue still has ${total} job(s) due` + (which ? ` (${which})` : '');
}
