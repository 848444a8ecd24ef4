/**
 * Makes the app's database refuse writes while reads go on working, as a disk remounted
 * read-only or a failover to a read replica would.
 *
 * SQLite: chmod is no use as root, so `PRAGMA query_only` is set on the app's one connection
 * (better-sqlite3 has exactly one).
 * PostgreSQL: `ALTER DATABASE ... SET default_transaction_read_only` from an administrative
 * connection, then the app's pooled connections are terminated so that the pool reconnects and
 * every new session starts read-only. The app's own code is not touched either way.
 */
import pg from 'pg';
import type { TestApp } from './test-app.js';

export async function setDatabaseReadOnly(t: TestApp, readOnly: boolean): Promise<void> {
  if (!t.database.databaseUrl) {
    await t.dataSource.query(`PRAGMA query_only = ${readOnly ? 'ON' : 'OFF'}`);
    return;
  }
  const name = new URL(t.database.databaseUrl).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(
      readOnly
        ? `ALTER DATABASE ${name} SET default_transaction_read_only = on`
        : `ALTER DATABASE ${name} RESET default_transaction_read_only`,
    );
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
  } finally {
    await admin.end();
  }
  // The pool drops each terminated idle client when its socket closes; give that a moment,
  // then check that new sessions see the setting.
  await new Promise((r) => setTimeout(r, 300));
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const [row] = (await t.dataSource.query('SHOW default_transaction_read_only')) as Array<{
        default_transaction_read_only: string;
      }>;
      if (row.default_transaction_read_only === (readOnly ? 'on' : 'off')) return;
    } catch {
      // a connection terminated above, not yet noticed by the pool
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the pool did not pick up the read-only setting');
}
