import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../common/database/transaction-runner.js';
import { AppConfig } from '../../config/app-config.js';
import { JobQueue } from './job-queue.js';
import { SqliteJobQueue } from './sqlite-job-queue.js';

/**
 * One queue per process, whichever module registers a worker or enqueues a job: pg-boss on
 * PostgreSQL, the in-process queue on SQLite. Imported by the app only (the CLI runs no jobs).
 */
@Global()
@Module({
  providers: [
    {
      provide: JobQueue,
      inject: [AppConfig, DataSource, TransactionRunner],
      // pg-boss is loaded only on PostgreSQL: SQLite's queue needs none of it.
      useFactory: async (
        config: AppConfig,
        dataSource: DataSource,
        transactions: TransactionRunner,
      ): Promise<JobQueue> =>
        config.databaseUrl
          ? new (await import('./pg-boss-job-queue.js')).PgBossJobQueue(config.databaseUrl)
          : new SqliteJobQueue(dataSource, transactions),
    },
  ],
  exports: [JobQueue],
})
export class QueueModule {}
