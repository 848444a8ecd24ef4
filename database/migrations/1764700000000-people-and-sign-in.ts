import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { col, inList } from './columns.js';

const user = (column = 'userId') =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: 'app_user',
    referencedColumnNames: ['id'],
  });

export const AUTH_TOKEN_PURPOSES = [
  'invitation',
  'password_reset',
  'second_factor',
  'passkey_registration',
  'passkey_authentication',
  'oidc',
];

/**
 * People and sign-in (DOMAIN.md §9): an atomic, shared throttle store; idle sessions and how a
 * session was opened; single-use tokens (invitations, resets, second-factor challenges, OIDC
 * state); authenticator apps, recovery codes and passkeys; each school's OpenID provider.
 */
export class PeopleAndSignIn1764700000000 implements MigrationInterface {
  name = 'PeopleAndSignIn1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // The shape rate-limiter-flexible's SQLite and PostgreSQL stores read and write (their
    // own CREATE TABLE is switched off, so the schema still comes from migrations only).
    await q.createTable(
      new Table({
        name: 'rate_limit',
        columns: [
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'points', type: 'integer', default: 0 },
          { name: 'expire', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await q.dropTable('login_throttle');

    await q.query(`ALTER TABLE "session" ADD COLUMN "lastSeenAt" varchar(24)`);
    await q.query(
      `ALTER TABLE "session" ADD COLUMN "method" varchar(16) NOT NULL DEFAULT 'password'`,
    );
    await q.query(
      `ALTER TABLE "session" ADD COLUMN "pendingEnrolment" boolean NOT NULL DEFAULT false`,
    );

    await q.createTable(
      new Table({
        name: 'auth_token',
        columns: [
          col.id(),
          col.ref('userId', true),
          col.text('purpose', 32),
          { ...col.text('tokenHash', 64), isUnique: true },
          col.longText('payload', true),
          col.instant('createdAt'),
          col.instant('expiresAt'),
          col.instant('usedAt', true),
        ],
        checks: [{ expression: inList('purpose', AUTH_TOKEN_PURPOSES) }],
        foreignKeys: [user()],
        indices: [{ columnNames: ['userId', 'purpose'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'totp_credential',
        columns: [
          col.id(),
          col.ref('userId'),
          col.longText('secret'),
          col.instant('createdAt'),
          col.instant('confirmedAt', true),
          col.int('lastTimeStep', true),
          col.instant('revokedAt', true),
        ],
        foreignKeys: [user()],
        indices: [{ columnNames: ['userId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'recovery_code',
        columns: [
          col.id(),
          col.ref('userId'),
          { ...col.text('codeHash', 64), isUnique: true },
          col.instant('createdAt'),
          col.instant('usedAt', true),
          col.instant('revokedAt', true),
        ],
        foreignKeys: [user()],
        indices: [{ columnNames: ['userId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'passkey_credential',
        columns: [
          col.id(),
          col.ref('userId'),
          { ...col.text('credentialId', 512), isUnique: true },
          col.longText('publicKey'),
          { name: 'counter', type: 'bigint', default: 0 },
          col.text('transports', 200),
          col.text('label', 100),
          col.instant('createdAt'),
          col.instant('lastUsedAt', true),
          col.instant('revokedAt', true),
        ],
        foreignKeys: [user()],
        indices: [{ columnNames: ['userId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'school_sign_in',
        columns: [
          { ...col.ref('schoolId'), isPrimary: true },
          col.bool('enabled'),
          col.text('issuer', 500),
          col.text('clientId', 300),
          col.longText('clientSecret'),
          col.text('allowedDomains', 1000),
          col.bool('staffForUnknownPeople'),
          col.instant('updatedAt'),
          col.ref('updatedById', true),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['schoolId'],
            referencedTableName: 'school',
            referencedColumnNames: ['id'],
          }),
          user('updatedById'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'school_sign_in',
      'passkey_credential',
      'recovery_code',
      'totp_credential',
      'auth_token',
      'rate_limit',
    ]) {
      await q.dropTable(table);
    }
    for (const column of ['pendingEnrolment', 'method', 'lastSeenAt']) {
      await q.query(`ALTER TABLE "session" DROP COLUMN "${column}"`);
    }
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
  }
}
