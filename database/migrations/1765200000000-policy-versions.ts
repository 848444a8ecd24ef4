import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey } from 'typeorm';
import { col } from './columns.js';

const fk = (column: string, table: string) =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'RESTRICT',
  });

/**
 * The school's own policy (DOMAIN.md §10): who approved a version, when, and when it is due for
 * review; the school's own words for a clause brought in by an import; each review reminder
 * claimed once; and each member of staff's acknowledgement of a version. Versions made before
 * this (the model catalogue a school starts with) have no approval: the columns are nullable,
 * and publishing requires them from now on.
 */
export class PolicyVersions1765200000000 implements MigrationInterface {
  name = 'PolicyVersions1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('policy_version', [
      new TableColumn(col.text('approvedBy', 200, true)),
      // London calendar dates, YYYY-MM-DD: a governing body approves on a day, not an instant.
      new TableColumn(col.text('approvedOn', 10, true)),
      new TableColumn(col.text('reviewDue', 10, true)),
    ]);
    await q.addColumn('policy_clause', new TableColumn(col.longText('text', true)));
    await q.createTable(
      new Table({
        name: 'policy_reminder_sent',
        columns: [
          { ...col.ref('policyVersionId'), isPrimary: true },
          // "before" (the review is near) or "due" (it has passed).
          { ...col.text('kind', 12), isPrimary: true },
          col.instant('sentAt'),
        ],
        checks: [{ expression: `"kind" IN ('before', 'due')` }],
        foreignKeys: [fk('policyVersionId', 'policy_version')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'policy_acknowledgement',
        columns: [
          { ...col.ref('policyVersionId'), isPrimary: true },
          { ...col.ref('userId'), isPrimary: true },
          col.instant('acknowledgedAt'),
        ],
        foreignKeys: [fk('policyVersionId', 'policy_version'), fk('userId', 'app_user')],
        indices: [{ columnNames: ['userId'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('policy_acknowledgement');
    await q.dropTable('policy_reminder_sent');
    await q.dropColumn('policy_clause', 'text');
    await q.dropColumns('policy_version', ['reviewDue', 'approvedOn', 'approvedBy']);
  }
}
