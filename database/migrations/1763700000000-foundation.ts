import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { col, inList } from './columns.js';

const ROLES = ['staff', 'headteacher', 'chair_of_governors', 'governor', 'hr', 'admin'];

const fk = (column: string, table: string, onDelete: 'CASCADE' | 'RESTRICT' = 'RESTRICT') =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });

/** Schools, people, roles, sessions, the policy catalogue and the audit chain. */
export class Foundation1763700000000 implements MigrationInterface {
  name = 'Foundation1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'school',
        columns: [
          col.id(),
          { ...col.text('code', 8), isUnique: true },
          col.text('name', 200),
          col.instant('createdAt'),
        ],
        checks: [{ expression: `"code" <> ''` }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'app_user',
        columns: [
          col.id(),
          { ...col.text('email', 320), isUnique: true },
          col.text('name', 200),
          col.text('passwordHash', 200),
          col.instant('createdAt'),
          col.instant('disabledAt', true),
        ],
        checks: [{ expression: `"email" = lower("email")` }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'membership',
        columns: [
          col.id(),
          col.ref('userId'),
          col.ref('schoolId'),
          col.text('role', 32),
          col.instant('createdAt'),
        ],
        uniques: [{ columnNames: ['userId', 'schoolId', 'role'] }],
        checks: [{ expression: inList('role', ROLES) }],
        foreignKeys: [fk('userId', 'app_user'), fk('schoolId', 'school')],
        indices: [{ columnNames: ['schoolId', 'role'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'policy_version',
        columns: [
          col.id(),
          col.ref('schoolId'),
          col.int('version'),
          col.instant('createdAt'),
          col.ref('createdById', true),
        ],
        uniques: [{ columnNames: ['schoolId', 'version'] }],
        checks: [{ expression: `"version" >= 1` }],
        foreignKeys: [fk('schoolId', 'school'), fk('createdById', 'app_user')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'policy_clause',
        columns: [
          col.id(),
          col.ref('policyVersionId'),
          col.text('code', 16),
          col.text('title', 300),
          col.int('position'),
        ],
        uniques: [{ columnNames: ['policyVersionId', 'code'] }],
        foreignKeys: [fk('policyVersionId', 'policy_version')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'session',
        columns: [
          col.id(),
          col.ref('userId'),
          { ...col.text('tokenHash', 64), isUnique: true },
          col.instant('createdAt'),
          col.instant('expiresAt'),
          col.instant('revokedAt', true),
        ],
        foreignKeys: [fk('userId', 'app_user')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          { ...col.text('key', 80), isPrimary: true },
          col.instant('windowStartedAt'),
          col.int('failures'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          { ...col.int('seq'), isPrimary: true },
          col.instant('at'),
          col.ref('actorId', true),
          col.text('action', 64),
          col.text('targetType', 32, true),
          col.text('targetId', 64, true),
          col.ref('schoolId', true),
          col.longText('detail'),
          col.text('prevHash', 64),
          col.text('hash', 64),
        ],
        checks: [{ expression: `"seq" >= 1` }],
      }),
    );
    await q.createIndex('audit_entry', new TableIndex({ columnNames: ['targetType', 'targetId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_entry',
      'login_throttle',
      'session',
      'policy_clause',
      'policy_version',
      'membership',
      'app_user',
      'school',
    ]) {
      await q.dropTable(table);
    }
  }
}
