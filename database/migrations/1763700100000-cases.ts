import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { col, inList } from './columns.js';

const STATUSES = ['reported', 'investigating', 'hr_advice', 'outcome', 'appeal', 'closed'];
const RELATIONSHIPS = ['staff', 'governor', 'volunteer', 'parent', 'pupil', 'external', 'unknown'];
const PLATFORMS = [
  'facebook',
  'instagram',
  'x',
  'tiktok',
  'youtube',
  'snapchat',
  'whatsapp',
  'other',
];

const fk = (column: string, table: string) =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
  });

/** Cases, their timeline, their evidence, in-app notifications and per-school reference numbers. */
export class Cases1763700100000 implements MigrationInterface {
  name = 'Cases1763700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reference_counter',
        columns: [
          { ...col.ref('schoolId'), isPrimary: true },
          { ...col.int('year'), isPrimary: true },
          col.int('last'),
        ],
        foreignKeys: [fk('schoolId', 'school')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'case_record',
        columns: [
          col.id(),
          col.ref('schoolId'),
          { ...col.text('reference', 32), isUnique: true },
          col.text('type', 20),
          col.text('status', 20),
          col.int('version'),
          col.ref('policyVersionId'),
          col.longText('clauseCodes'),
          col.longText('description'),
          col.instant('occurredAt'),
          col.instant('reportedAt'),
          col.bool('safeguarding'),
          col.bool('confidentialReporter'),
          col.bool('indecentImages'),
          col.text('platform', 20),
          col.text('postUrl', 2048, true),
          col.text('subjectName', 200, true),
          col.text('subjectRelationship', 20),
          col.ref('subjectUserId', true),
          col.ref('reporterId'),
          col.text('ownerRole', 32),
          col.ref('ownerUserId', true),
          col.text('classification', 32, true),
          col.instant('hrRequestedAt', true),
          col.instant('hrReachedAt', true),
          col.int('hrAdviceCount'),
          col.instant('lastHrAdviceAt', true),
          col.instant('ladoReferredAt', true),
          col.text('finding', 32, true),
          col.text('sanction', 32, true),
          col.longText('rationale', true),
          col.longText('governorSummary', true),
          col.instant('decidedAt', true),
          col.instant('appealLodgedAt', true),
          col.text('appealResult', 16, true),
          col.instant('appealDecidedAt', true),
          col.instant('closedAt', true),
          col.instant('dueAt', true),
        ],
        checks: [
          { expression: inList('type', ['policy_breach', 'online_abuse']) },
          { expression: inList('status', STATUSES) },
          { expression: inList('ownerRole', ['headteacher', 'chair_of_governors']) },
          { expression: inList('subjectRelationship', RELATIONSHIPS) },
          { expression: inList('platform', PLATFORMS) },
          { expression: `"version" >= 1` },
          { expression: `"hrAdviceCount" >= 0` },
        ],
        foreignKeys: [
          fk('schoolId', 'school'),
          fk('policyVersionId', 'policy_version'),
          fk('reporterId', 'app_user'),
          fk('ownerUserId', 'app_user'),
          fk('subjectUserId', 'app_user'),
        ],
        indices: [
          { columnNames: ['schoolId', 'reportedAt'] },
          { columnNames: ['reporterId'] },
          { columnNames: ['dueAt'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'case_event',
        columns: [
          col.id(),
          col.ref('caseId'),
          col.int('seq'),
          col.instant('at'),
          col.ref('actorId', true),
          col.text('kind', 32),
          col.text('fromStatus', 20, true),
          col.text('toStatus', 20, true),
          col.longText('note', true),
          col.longText('data', true),
        ],
        uniques: [{ columnNames: ['caseId', 'seq'] }],
        foreignKeys: [fk('caseId', 'case_record'), fk('actorId', 'app_user')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'evidence_item',
        columns: [
          col.id(),
          col.ref('caseId'),
          col.text('sha256', 64),
          col.int('size'),
          col.text('mimeType', 64),
          col.text('platform', 20),
          col.text('postUrl', 2048, true),
          col.instant('capturedAt', true),
          col.instant('receivedAt'),
          col.text('clientFileName', 255, true),
          col.ref('addedById'),
        ],
        checks: [{ expression: inList('platform', PLATFORMS) }, { expression: `"size" >= 0` }],
        foreignKeys: [fk('caseId', 'case_record'), fk('addedById', 'app_user')],
        indices: [{ columnNames: ['caseId'] }, { columnNames: ['sha256'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification',
        columns: [
          col.id(),
          col.ref('userId'),
          col.ref('schoolId', true),
          col.ref('caseId', true),
          col.text('kind', 48),
          col.instant('createdAt'),
          col.instant('readAt', true),
        ],
        foreignKeys: [fk('userId', 'app_user'), fk('caseId', 'case_record')],
        indices: [{ columnNames: ['userId', 'createdAt'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notification',
      'evidence_item',
      'case_event',
      'case_record',
      'reference_counter',
    ]) {
      await q.dropTable(table);
    }
  }
}
