import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { col } from './columns.js';

/**
 * The durable job queue. On SQLite its jobs and schedules are tables here (SqliteJobQueue); on
 * PostgreSQL pg-boss keeps its own schema and migrates it itself, so these tables are not made
 * there. On both engines a notice records when its mail went out, so a retried job never mails
 * the same notice twice.
 */
export class JobQueue1765000000000 implements MigrationInterface {
  name = 'JobQueue1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('notification', new TableColumn(col.instant('mailedAt', true)));
    if (q.connection.options.type === 'postgres') return;
    await q.createTable(
      new Table({
        name: 'queued_job',
        columns: [
          col.id(),
          col.text('queue', 64),
          col.longText('data'),
          // Waiting, running, or given up on; a finished job is deleted.
          col.text('state', 12),
          col.int('attempts'),
          col.instant('runAfter'),
          col.instant('lockedUntil', true),
          col.instant('createdAt'),
          col.text('lastError', 200, true),
        ],
        checks: [{ expression: `"state" IN ('created', 'active', 'failed')` }],
      }),
    );
    await q.createIndex(
      'queued_job',
      new TableIndex({ name: 'IDX_queued_job_due', columnNames: ['state', 'runAfter'] }),
    );
    await q.createTable(
      new Table({
        name: 'queue_schedule',
        columns: [
          { ...col.text('name', 64), isPrimary: true },
          col.text('recurrence', 120),
          col.instant('nextRunAt'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') {
      await q.dropTable('queue_schedule');
      await q.dropTable('queued_job');
    }
    await q.dropColumn('notification', 'mailedAt');
  }
}
