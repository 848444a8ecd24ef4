import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col } from './columns.js';

/**
 * What the machine read from each evidence image (issue 21): its text, with the engine that read
 * it, and its perceptual hash; one row per stored image, by its SHA-256. The case list's search
 * looks in the text for owners and HR; the two together recognise the same screenshot in
 * another report.
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
          // A 64-bit difference hash, in hex: with the text, recognises a copy of a screenshot.
          col.text('perceptualHash', 16, true),
          col.instant('readAt'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('evidence_text');
  }
}
