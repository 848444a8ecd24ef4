import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { addColumnInPlace, dropColumnInPlace, replaceInListCheck } from './checks.js';
import { col, inList } from './columns.js';

const OWNER_ROLES = ['headteacher', 'chair_of_governors'];
const RELATIONSHIPS = ['staff', 'governor', 'volunteer', 'parent', 'pupil', 'external', 'unknown'];

/**
 * Ownership from explicit answers (DOMAIN.md §4): the reporter's answer to "is this about the
 * headteacher?", whether the head is kept out of the case, a named owner who may hand the case
 * on, appeal panels of named people, and a reference series per line of ownership so that no
 * one can count the cases kept from them by the gaps in their own list.
 */
export class Ownership1764600100000 implements MigrationInterface {
  name = 'Ownership1764600100000';

  async up(q: QueryRunner): Promise<void> {
    const text = (n: number, value: string) => ({
      sqlite: `varchar(${n}) NOT NULL DEFAULT '${value}'`,
      postgres: `character varying(${n}) NOT NULL DEFAULT '${value}'`,
    });
    await addColumnInPlace(q, 'case_record', 'aboutHeadteacher', text(10, 'no'));
    await addColumnInPlace(q, 'case_record', 'headExcluded', {
      sqlite: 'boolean NOT NULL DEFAULT 0',
      postgres: 'boolean NOT NULL DEFAULT false',
    });
    await addColumnInPlace(q, 'case_record', 'referenceLine', text(8, 'head'));
    // Until now a case went to the chair only when the head was its subject.
    await q.query(
      `UPDATE case_record SET "aboutHeadteacher" = 'yes', "headExcluded" = ${q.connection.options.type === 'postgres' ? 'true' : '1'}
       WHERE "ownerRole" = 'chair_of_governors'`,
    );
    await replaceInListCheck(q, 'case_record', 'ownerRole', OWNER_ROLES, [
      ...OWNER_ROLES,
      'dsl',
      'governor',
    ]);
    await replaceInListCheck(q, 'case_record', 'subjectRelationship', RELATIONSHIPS, [
      ...RELATIONSHIPS,
      'contractor',
      'agency',
    ]);

    await q.createTable(
      new Table({
        name: 'reference_sequence',
        columns: [
          { ...col.ref('schoolId'), isPrimary: true },
          { ...col.int('year'), isPrimary: true },
          { ...col.text('line', 8), isPrimary: true },
          col.int('last'),
        ],
        checks: [{ expression: inList('line', ['head', 'dsl', 'chair']) }],
        foreignKeys: [
          {
            columnNames: ['schoolId'],
            referencedTableName: 'school',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
    // Every reference so far came from the one series per school, which becomes the head's line.
    await q.query(
      `INSERT INTO reference_sequence ("schoolId", "year", "line", "last")
       SELECT "schoolId", "year", 'head', "last" FROM reference_counter`,
    );
    await q.dropTable('reference_counter');

    await q.createTable(
      new Table({
        name: 'case_panel_member',
        columns: [
          col.id(),
          col.ref('caseId'),
          col.ref('userId'),
          col.text('purpose', 16),
          col.instant('appointedAt'),
          col.ref('appointedById'),
          col.instant('endedAt', true),
        ],
        checks: [{ expression: inList('purpose', ['appeal', 'dismissal']) }],
        foreignKeys: [
          {
            columnNames: ['caseId'],
            referencedTableName: 'case_record',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['userId'],
            referencedTableName: 'app_user',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['appointedById'],
            referencedTableName: 'app_user',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [{ columnNames: ['caseId'] }, { columnNames: ['userId', 'endedAt'] }],
      }),
    );
    await q.query(`CREATE INDEX "IDX_case_record_ownerUserId" ON case_record ("ownerUserId")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_case_record_ownerUserId"`);
    await q.dropTable('case_panel_member');
    await q.createTable(
      new Table({
        name: 'reference_counter',
        columns: [
          { ...col.ref('schoolId'), isPrimary: true },
          { ...col.int('year'), isPrimary: true },
          col.int('last'),
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
    await q.query(
      `INSERT INTO reference_counter ("schoolId", "year", "last")
       SELECT "schoolId", "year", MAX("last") FROM reference_sequence GROUP BY "schoolId", "year"`,
    );
    await q.dropTable('reference_sequence');
    await replaceInListCheck(
      q,
      'case_record',
      'subjectRelationship',
      [...RELATIONSHIPS, 'contractor', 'agency'],
      RELATIONSHIPS,
    );
    await replaceInListCheck(
      q,
      'case_record',
      'ownerRole',
      [...OWNER_ROLES, 'dsl', 'governor'],
      OWNER_ROLES,
    );
    await dropColumnInPlace(q, 'case_record', 'referenceLine');
    await dropColumnInPlace(q, 'case_record', 'headExcluded');
    await dropColumnInPlace(q, 'case_record', 'aboutHeadteacher');
  }
}
