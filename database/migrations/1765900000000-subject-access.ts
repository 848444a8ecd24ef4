import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, inList } from './columns.js';

const EVENT_KINDS = ['received', 'extended', 'export_drafted', 'released'];
const REVIEWER_ROLES = ['headteacher', 'chair_of_governors'];

/**
 * Subject access requests (issue 15 item 5, DOMAIN.md §6 and §8): the register, its events
 * (received, extended, export drafted, released: nothing in the register is edited in place),
 * the reminders claimed once each, and the exports drafted for review, kept byte for byte so
 * the copy released is the copy reviewed and its hash can be verified later.
 */
export class SubjectAccess1765900000000 implements MigrationInterface {
  name = 'SubjectAccess1765900000000';

  async up(q: QueryRunner): Promise<void> {
    const school = {
      columnNames: ['schoolId'],
      referencedTableName: 'school',
      referencedColumnNames: ['id'],
    };
    await q.createTable(
      new Table({
        name: 'subject_access_request',
        columns: [
          col.id(),
          col.ref('schoolId'),
          col.text('requesterName', 200),
          col.text('requesterContact', 300, true),
          col.ref('personUserId', true),
          col.text('personName', 200),
          col.text('reviewerRole', 32),
          col.text('receivedOn', 10),
          col.ref('createdById'),
          col.instant('createdAt'),
        ],
        checks: [{ expression: inList('reviewerRole', REVIEWER_ROLES) }],
        foreignKeys: [school],
        indices: [{ name: 'IDX_sar_school', columnNames: ['schoolId', 'receivedOn'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'subject_access_event',
        columns: [
          col.id(),
          col.ref('requestId'),
          col.ref('schoolId'),
          col.int('seq'),
          col.text('kind', 20),
          col.instant('at'),
          col.ref('actorId'),
          // received and extended: the due date from then on; released: the answered date.
          col.text('onDate', 10, true),
          col.int('months', true),
          col.text('reason', 1000, true),
          col.ref('exportId', true),
        ],
        checks: [
          { expression: inList('kind', EVENT_KINDS) },
          // An extension always says by how long and why.
          {
            expression: `"kind" <> 'extended' OR ("months" IS NOT NULL AND "reason" IS NOT NULL)`,
          },
        ],
        uniques: [{ name: 'UQ_sar_event_seq', columnNames: ['requestId', 'seq'] }],
        foreignKeys: [
          {
            columnNames: ['requestId'],
            referencedTableName: 'subject_access_request',
            referencedColumnNames: ['id'],
          },
          school,
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'subject_access_reminder',
        columns: [
          { ...col.ref('requestId'), isPrimary: true },
          { ...col.text('kind', 12), isPrimary: true },
          { ...col.text('dueOn', 10), isPrimary: true },
          col.instant('sentAt'),
        ],
        checks: [{ expression: `"kind" IN ('before', 'due')` }],
        foreignKeys: [
          {
            columnNames: ['requestId'],
            referencedTableName: 'subject_access_request',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'subject_access_export',
        columns: [
          col.id(),
          col.ref('requestId'),
          col.ref('schoolId'),
          col.instant('createdAt'),
          col.ref('createdById'),
          col.text('pdfSha256', 64),
          col.text('jsonSha256', 64),
          col.longText('pdfBase64'),
          col.longText('json'),
          // For the reviewer only: the free-text passages to check and the names found in them.
          col.longText('review'),
          col.int('caseCount'),
          col.int('flagCount'),
        ],
        foreignKeys: [
          {
            columnNames: ['requestId'],
            referencedTableName: 'subject_access_request',
            referencedColumnNames: ['id'],
          },
          school,
        ],
        indices: [
          { name: 'IDX_sar_export_request', columnNames: ['requestId', 'createdAt'] },
          { name: 'IDX_sar_export_pdf', columnNames: ['pdfSha256'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('subject_access_export');
    await q.dropTable('subject_access_reminder');
    await q.dropTable('subject_access_event');
    await q.dropTable('subject_access_request');
  }
}
