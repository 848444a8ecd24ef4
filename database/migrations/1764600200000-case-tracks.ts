import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { addColumnInPlace, dropColumnInPlace, replaceInListCheck } from './checks.js';
import { col } from './columns.js';

const STATUSES = ['reported', 'investigating', 'hr_advice', 'outcome', 'appeal', 'closed'];

type Kind = 'instant' | 'text' | 'longText' | 'int0' | 'bool0' | 'boolNull';

/** New columns of case_record: the tracks' own facts (DOMAIN.md §5, §6). */
const CASE_COLUMNS: [string, Kind, number?][] = [
  ['reclassifiedAt', 'instant'],
  ['statusEnteredAt', 'instant'],
  ['holdAgency', 'text', 32],
  ['holdReviewDate', 'text', 10],
  ['investigatorId', 'text', 36],
  ['hearingManagerId', 'text', 36],
  ['hearingAt', 'instant'],
  ['originalHearingAt', 'instant'],
  ['hearingPlace', 'text', 300],
  ['invitationSentAt', 'instant'],
  ['postponements', 'int0'],
  ['response', 'text', 32],
  ['grossMisconduct', 'bool0'],
  ['warningExpiresAt', 'instant'],
  ['ladoAgreedFinding', 'boolNull'],
  ['subjectInformedAt', 'instant'],
  ['subjectInformedDeferred', 'text', 500],
  ['parentsInformedAt', 'instant'],
  ['parentsInformedDeferred', 'text', 500],
  ['outcomeLetterSentAt', 'instant'],
  ['appealGrounds', 'longText'],
  ['dbsDecision', 'text', 16],
  ['dbsDetail', 'text', 500],
  ['regulatorDecision', 'text', 16],
  ['regulatorDetail', 'text', 500],
  ['resignedAt', 'instant'],
  ['policeReferredAt', 'instant'],
  ['iwfReferredAt', 'instant'],
  ['lastReviewAt', 'instant'],
  ['takedownRequestedAt', 'instant'],
  ['actionCount', 'int0'],
  ['supportOfferedAt', 'instant'],
];

function definition(kind: Kind, length = 0) {
  switch (kind) {
    case 'instant':
      return { sqlite: 'varchar(24)', postgres: 'character varying(24)' };
    case 'text':
      return { sqlite: `varchar(${length})`, postgres: `character varying(${length})` };
    case 'longText':
      return { sqlite: 'text', postgres: 'text' };
    case 'int0':
      return { sqlite: 'integer NOT NULL DEFAULT 0', postgres: 'integer NOT NULL DEFAULT 0' };
    case 'bool0':
      return { sqlite: 'boolean NOT NULL DEFAULT 0', postgres: 'boolean NOT NULL DEFAULT false' };
    case 'boolNull':
      return { sqlite: 'boolean', postgres: 'boolean' };
  }
}

/**
 * Case tracks (issue 13): the statuses `hearing` and `on_hold`, each track's facts on the case,
 * each school's nation and procedural settings. Every existing case stays valid: its
 * statuses, classifications and outcomes are all still in the vocabulary; an appeal recorded
 * as `varied` becomes `reduced` (an appeal never raises a sanction now).
 */
export class CaseTracks1764600200000 implements MigrationInterface {
  name = 'CaseTracks1764600200000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, kind, length] of CASE_COLUMNS)
      await addColumnInPlace(q, 'case_record', name, definition(kind, length));
    await replaceInListCheck(q, 'case_record', 'status', STATUSES, [
      ...STATUSES,
      'hearing',
      'on_hold',
    ]);
    await q.query(
      `UPDATE case_record SET "appealResult" = 'reduced' WHERE "appealResult" = 'varied'`,
    );
    // When each case entered its status: its last transition, or its report.
    await q.query(
      `UPDATE case_record SET "statusEnteredAt" = COALESCE(
         (SELECT MAX(e."at") FROM case_event e WHERE e."caseId" = case_record."id" AND e."kind" = 'transition'),
         "reportedAt")`,
    );
    // Police and IWF referrals already recorded, so the same-day clock of old cases is met.
    for (const [column, agency] of [
      ['policeReferredAt', 'police'],
      ['iwfReferredAt', 'iwf'],
    ])
      await q.query(
        `UPDATE case_record SET "${column}" = (SELECT MIN(e."at") FROM case_event e
           WHERE e."caseId" = case_record."id" AND e."kind" = 'referral'
             AND e."data" LIKE '%"agency":"${agency}"%')`,
      );

    // Reminder keys now name the kind of reminder too ("missed:investigation_review").
    // SQLite does not enforce varchar lengths; PostgreSQL does.
    if (q.connection.options.type === 'postgres')
      await q.query(`ALTER TABLE reminder_sent ALTER COLUMN "clock" TYPE character varying(48)`);
    await addColumnInPlace(q, 'school', 'nation', {
      sqlite: `varchar(8) NOT NULL DEFAULT 'england' CHECK ("nation" IN ('england', 'wales'))`,
      postgres: `character varying(8) NOT NULL DEFAULT 'england' CHECK ("nation" IN ('england', 'wales'))`,
    });
    await q.createTable(
      new Table({
        name: 'school_settings',
        columns: [
          { ...col.ref('schoolId'), isPrimary: true },
          { ...col.int('noticeWorkingDays'), default: 5 },
          { ...col.int('appealWindowWorkingDays'), default: 10 },
          { ...col.int('firstWarningMonths'), default: 6 },
          { ...col.int('finalWarningMonths'), default: 12 },
          col.bool('dismissalByPanel', false),
          { ...col.int('llcPatternMonths'), default: 12 },
          { ...col.longText('closureDays'), default: `'[]'` },
          col.instant('updatedAt'),
          col.ref('updatedById', true),
        ],
        checks: [
          { expression: `"noticeWorkingDays" BETWEEN 1 AND 30` },
          { expression: `"appealWindowWorkingDays" BETWEEN 1 AND 60` },
          { expression: `"firstWarningMonths" BETWEEN 1 AND 60` },
          { expression: `"finalWarningMonths" BETWEEN 1 AND 60` },
          { expression: `"llcPatternMonths" BETWEEN 1 AND 120` },
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('school_settings');
    await dropColumnInPlace(q, 'school', 'nation');
    await replaceInListCheck(
      q,
      'case_record',
      'status',
      [...STATUSES, 'hearing', 'on_hold'],
      STATUSES,
    );
    for (const [name] of [...CASE_COLUMNS].reverse())
      await dropColumnInPlace(q, 'case_record', name);
  }
}
