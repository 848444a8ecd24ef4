import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col } from './columns.js';

/**
 * Text read by machine from evidence images (issue 21): one row per stored image, by its hash,
 * with the engine that read it. The search of the case list looks in it for owners and HR.
 */
export class EvidenceText1765700000000 implements MigrationInterface {
  name = 'EvidenceText1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'evidence_text',
        columns: [
          { ...col.text('sha256', 64), isPrimary: true },
          col.longText('text'),
          col.text('engine', 120),
          col.instant('readAt'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('evidence_text');
  }
}
