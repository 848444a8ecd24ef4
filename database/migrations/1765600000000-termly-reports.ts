import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from './columns.js';

/**
 * The termly governors' report (issue 21): each PDF handed out is recorded by the SHA-256 of its
 * bytes, like the case files, so a printed copy at a board meeting can be checked. Its own table,
 * because a report belongs to a school and a term, not to a case.
 */
export class TermlyReports1765600000000 implements MigrationInterface {
  name = 'TermlyReports1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'issued_report',
        columns: [
          col.id(),
          col.text('sha256', 64),
          col.ref('schoolId'),
          col.text('term', 16),
          col.instant('generatedAt'),
          col.ref('generatedById'),
        ],
        foreignKeys: [
          {
            columnNames: ['schoolId'],
            referencedTableName: 'school',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
    await q.createIndex(
      'issued_report',
      new TableIndex({ name: 'IDX_issued_report_sha256', columnNames: ['sha256'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('issued_report');
  }
}
