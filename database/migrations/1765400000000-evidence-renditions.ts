import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { col } from './columns.js';

/**
 * Print renditions of evidence images (issue 20): one row per image once its job has run.
 * Derived data: deleting a row (and its stored file, which the janitor then sweeps) loses
 * nothing, so it goes with its evidence item.
 */
export class EvidenceRenditions1765400000000 implements MigrationInterface {
  name = 'EvidenceRenditions1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'evidence_rendition',
        columns: [
          col.id('evidenceId'),
          col.text('sha256', 64),
          col.text('mimeType', 64),
          col.int('size'),
          col.int('width'),
          col.int('height'),
          col.int('originalWidth'),
          col.int('originalHeight'),
          col.instant('createdAt'),
        ],
        checks: [
          { expression: `"size" > 0` },
          { expression: `"width" > 0 AND "height" > 0` },
          { expression: `"originalWidth" > 0 AND "originalHeight" > 0` },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['evidenceId'],
            referencedTableName: 'evidence_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        // The janitor asks, by hash, which stored files a rendition still needs.
        indices: [{ columnNames: ['sha256'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('evidence_rendition');
  }
}
