import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { JobQueue, stillDue } from './job-queue.js';

/** pg-boss keeps its tables in a schema of its own in the app's database, and migrates it itself. */
const SCHEMA = 'pgboss';

/**
 * The job queue on PostgreSQL: pg-boss, in the app's own database. A job is inserted through
 * the caller's TypeORM transaction (pg-boss's `db` option), so it commits with the change it
 * belongs to; workers in every instance fetch with SKIP LOCKED, so each job runs in one of them;
 * schedules are kept in pg-boss's tables and sent once per occurrence however many instances
 * check them. LISTEN/NOTIFY wakes a worker as a job commits instead of at its next poll.
 */
@Injectable()
export class PgBossJobQueue extends JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private readonly boss: PgBoss;
  private started = false;

  constructor(databaseUrl: string) {
    super();
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: SCHEMA,
      application_name: 'school-cases-jobs',
      // Its own small pool: workers polling must not starve the app's requests of connections.
      max: 4,
      useListenNotify: true,
      // Expired jobs (their worker killed mid-job) are looked for this often, so a job cut off
      // by a crash runs again within about two minutes rather than fifteen.
      superviseIntervalSeconds: 15,
      monitorIntervalSeconds: 15,
    });
    // Without a listener an 'error' event would throw; pg-boss retries its own work after one.
    this.boss.on('error', (error: Error) =>
      this.logger.error(`pg-boss: ${error.name}: ${error.message}`),
    );
  }

  async enqueue(em: EntityManager, name: string, data: object): Promise<void> {
    const runner = em.queryRunner;
    if (!runner) throw new Error('JobQueue.enqueue needs the EntityManager of a transaction');
    await this.boss.send(name, data, {
      db: {
        // The structured result gives pg-boss its rows whatever the statement's command.
        executeSql: async (text: string, values: unknown[]) => ({
          rows: (await runner.query(text, values, true)).records as unknown[],
        }),
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const worker of this.workers.values()) {
      await this.boss.createQueue(worker.name, {
        retryLimit: worker.retry.retryLimit,
        retryDelay: worker.retry.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: worker.retry.retryDelayMaxSeconds,
        // Every job here takes seconds; one still active after this lost its worker.
        expireInSeconds: 90,
        notify: true,
      });
      await this.boss.work(
        worker.name,
        // Retries and scheduled jobs are not announced by NOTIFY: poll for them every 2 s.
        { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2, localConcurrency: 2 },
        async ([job]) => worker.handler(job.data as never),
      );
    }
    for (const s of this.schedules.values()) {
      // Stored in pg-boss's table: every instance registering the same schedule keeps one row.
      await this.boss.schedule(s.name, s.cron, {}, { tz: s.tz, missed: 'once' });
    }
  }

  /** Lets running jobs finish before the app's database connection closes. */
  async onModuleDestroy(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }

  async drained(timeoutMs = 30_000): Promise<void> {
    const names = [...this.workers.keys()];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const due = (
        await this.boss.getDb().executeSql(
          `SELECT name AS queue, state, COUNT(*)::int AS n FROM ${SCHEMA}.job
           WHERE name = ANY($1) AND state IN ('created', 'retry', 'active') AND start_after <= now()
           GROUP BY name, state`,
          [names],
        )
      ).rows as { queue: string; state: string; n: number }[];
      if (due.length === 0) return;
      if (Date.now() > deadline) throw new Error(stillDue(due));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
