import { afterEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../database/data-source.js';
import { MIGRATIONS } from '../../../database/migrations/index.js';
import { MIGRATION_LOCK_KEY, openMigrated } from '../../../database/run-migrations.js';
import { AppConfig } from '../../../src/config/app-config.js';
import { requireBuild, startApp } from '../../support/spawned-app.js';
import { createTestDatabase, onPostgres, TestDatabase } from '../../support/test-database.js';

/**
 * Instances starting together on one PostgreSQL database apply the migrations once: each
 * takes an advisory lock first. Runs only in the PostgreSQL pass of scripts/test.sh.
 */
describe('migrations under a lock', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const undo of cleanup.splice(0).reverse()) await undo();
  });

  async function emptyDatabase(): Promise<TestDatabase> {
    if (!onPostgres()) throw new Error('this file runs on PostgreSQL only (TEST_DATABASE_URL)');
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    return database;
  }

  async function appliedMigrations(url: string): Promise<{ name: string; times: number }[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; times: string }>(
        'SELECT name, count(*) AS times FROM migrations GROUP BY name ORDER BY name',
      );
      return rows.map((r) => ({ name: r.name, times: Number(r.times) }));
    } finally {
      await client.end();
    }
  }

  it('waits for the lock before applying anything', async () => {
    const database = await emptyDatabase();
    const holder = new pg.Client({ connectionString: database.databaseUrl });
    await holder.connect();
    cleanup.push(() => holder.end());
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);

    const config = AppConfig.fromEnvironment({
      DATA_DIR: database.dataDir,
      DATABASE_URL: database.databaseUrl,
    });
    const dataSource = new DataSource(dataSourceOptions(config));
    cleanup.push(() => (dataSource.isInitialized ? dataSource.destroy() : Promise.resolve()));
    let finished = false;
    const opening = openMigrated(dataSource).then(() => (finished = true));

    await new Promise((r) => setTimeout(r, 1500));
    expect(finished).toBe(false);
    const { rows } = await holder.query("SELECT to_regclass('public.migrations') AS t");
    expect(rows[0].t).toBeNull();

    await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    await opening;
    expect(finished).toBe(true);
    const applied = await appliedMigrations(database.databaseUrl!);
    expect(applied).toHaveLength(MIGRATIONS.length);
  });

  it('lets two instances start at the same moment and applies each migration once', async () => {
    // Two instances' connections, opened as DatabaseModule opens them, at once. Without the
    // lock this fails (checked by hand: "relation migrations already exists" and duplicate types).
    const database = await emptyDatabase();
    const config = AppConfig.fromEnvironment({
      DATA_DIR: database.dataDir,
      DATABASE_URL: database.databaseUrl,
    });
    const instances = [0, 1].map(() => new DataSource(dataSourceOptions(config)));
    cleanup.push(() => Promise.all(instances.map((d) => d.isInitialized && d.destroy())));
    const opened = await Promise.allSettled(instances.map((d) => openMigrated(d)));
    expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
    ]);
    const applied = await appliedMigrations(database.databaseUrl!);
    expect(applied.map((m) => m.times)).toEqual(MIGRATIONS.map(() => 1));
  });

  it('starts two built apps together on one new database', async () => {
    requireBuild();
    const database = await emptyDatabase();
    const env = { DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl! };
    const started = await Promise.allSettled([startApp(env), startApp(env)]);
    for (const s of started) if (s.status === 'fulfilled') cleanup.push(() => s.value.stop());
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
    ]);
    const applied = await appliedMigrations(database.databaseUrl!);
    expect(applied.map((m) => m.times)).toEqual(MIGRATIONS.map(() => 1));
  });
});
