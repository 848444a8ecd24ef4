import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { col, inList } from './columns.js';

/**
 * Case files rendered in the background (issue 20 item 3): a file with more evidence images
 * than a download may wait for is rendered through the job queue, kept here for the person who
 * asked until the case changes or a day passes, and handed to them on their next download.
 * The bytes are a copy (the case and its issued_document record are the truth), so a pruning
 * job deletes them; a case deleted at the end of its retention takes its renders with it.
 */
export class CaseFileRenders1766700000000 implements MigrationInterface {
  name = 'CaseFileRenders1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'case_file_render',
        columns: [
          col.id(),
          col.ref('caseId'),
          col.ref('schoolId'),
          col.text('variant', 16),
          col.ref('requestedById'),
          // The case's timeline as it was asked for: any later event makes the file out of date.
          col.int('lastEventSeq'),
          col.text('status', 16),
          // The reader's language it is made in: a person who switches language gets a new one.
          col.text('language', 2),
          col.int('imageCount'),
          col.instant('requestedAt'),
          col.instant('finishedAt', true),
          col.text('failureCode', 64, true),
          col.text('filename', 200, true),
          col.text('pdfSha256', 64, true),
          col.longText('pdfBase64', true),
        ],
        checks: [
          { expression: inList('variant', ['hr', 'governors']) },
          { expression: inList('status', ['queued', 'ready', 'failed']) },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['caseId'],
            referencedTableName: 'case_record',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          {
            name: 'IDX_case_file_render_ask',
            columnNames: ['caseId', 'variant', 'requestedById', 'language'],
          },
          { name: 'IDX_case_file_render_age', columnNames: ['requestedAt'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('case_file_render');
  }
}
