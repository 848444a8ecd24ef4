import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, inList } from './columns.js';

/** PDFs the system produced, by hash, for /documents/verify. */
export class IssuedDocuments1763700300000 implements MigrationInterface {
  name = 'IssuedDocuments1763700300000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'issued_document',
        columns: [
          col.id(),
          col.text('sha256', 64),
          col.ref('caseId'),
          col.ref('schoolId'),
          col.text('reference', 32),
          col.text('variant', 16),
          col.instant('generatedAt'),
          col.ref('generatedById'),
        ],
        checks: [{ expression: inList('variant', ['hr', 'governors']) }],
        foreignKeys: [
          {
            columnNames: ['caseId'],
            referencedTableName: 'case_record',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['generatedById'],
            referencedTableName: 'app_user',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [{ columnNames: ['sha256'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('issued_document');
  }
}
