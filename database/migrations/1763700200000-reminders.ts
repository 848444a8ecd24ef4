import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col } from './columns.js';

/** Overdue reminders already sent, so each overdue step is reminded about once. */
export class Reminders1763700200000 implements MigrationInterface {
  name = 'Reminders1763700200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reminder_sent',
        columns: [
          { ...col.ref('caseId'), isPrimary: true },
          { ...col.text('clock', 24), isPrimary: true },
          { ...col.text('dueAt', 24), isPrimary: true },
          col.instant('sentAt'),
        ],
        foreignKeys: [
          {
            columnNames: ['caseId'],
            referencedTableName: 'case_record',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reminder_sent');
  }
}
