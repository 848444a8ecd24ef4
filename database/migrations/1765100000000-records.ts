import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { addColumnInPlace, dropColumnInPlace } from './checks.js';
import { col } from './columns.js';

const varchar = (n: number) => ({
  sqlite: `varchar(${n})`,
  postgres: `character varying(${n})`,
});
const bool = { sqlite: 'boolean', postgres: 'boolean' };
const years = (n: number) => ({
  sqlite: `integer NOT NULL DEFAULT ${n}`,
  postgres: `integer NOT NULL DEFAULT ${n}`,
});

/** The retention decision made at closing, and the allegation facts it reads (DOMAIN.md §8). */
const CASE_COLUMNS: [string, { sqlite: string; postgres: string }][] = [
  ['retainUntil', varchar(24)],
  ['retentionRule', varchar(48)],
  ['subjectPensionDate', varchar(10)],
  ['subjectConsentsToKeep', bool],
  ['referenceMention', bool],
  ['outcomeCopyGivenAt', varchar(24)],
];

/** The school's schedule for the kinds of case the law leaves to it (default 6 years). */
const SETTINGS_COLUMNS = [
  'retentionConductYears',
  'retentionOnlineAbuseYears',
  'retentionPupilBehaviourYears',
];

/**
 * Records (issue 15): retention decided at closing, the school's retention schedule, and legal
 * holds. Columns are added in place: a rebuild of case_record would drop its search triggers.
 */
export class Records1765100000000 implements MigrationInterface {
  name = 'Records1765100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of CASE_COLUMNS)
      await addColumnInPlace(q, 'case_record', name, definition);
    for (const name of SETTINGS_COLUMNS)
      await addColumnInPlace(q, 'school_settings', name, years(6));
    await q.createTable(
      new Table({
        name: 'legal_hold',
        columns: [
          col.id(),
          col.ref('caseId'),
          col.ref('schoolId'),
          col.text('reason', 1000),
          col.ref('placedById'),
          col.instant('placedAt'),
          col.ref('liftedById', true),
          col.instant('liftedAt', true),
          col.text('liftReason', 1000, true),
        ],
        checks: [
          // A hold is lifted by someone, at a time, for a reason, or not at all.
          {
            expression: `("liftedAt" IS NULL AND "liftedById" IS NULL AND "liftReason" IS NULL) OR ("liftedAt" IS NOT NULL AND "liftedById" IS NOT NULL AND "liftReason" IS NOT NULL)`,
          },
        ],
        foreignKeys: [
          {
            columnNames: ['caseId'],
            referencedTableName: 'case_record',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['schoolId'],
            referencedTableName: 'school',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [{ name: 'IDX_legal_hold_case', columnNames: ['caseId', 'liftedAt'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('legal_hold');
    for (const name of [...SETTINGS_COLUMNS].reverse())
      await dropColumnInPlace(q, 'school_settings', name);
    for (const [name] of [...CASE_COLUMNS].reverse())
      await dropColumnInPlace(q, 'case_record', name);
  }
}
