import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../database/data-source.js';
import { AppConfig } from '../../src/config/app-config.js';

/**
 * Databases for tests: a SQLite file in a temp dir by default, or a database on the throwaway
 * PostgreSQL cluster when TEST_DATABASE_URL is set (scripts/test.sh starts one). Either way
 * the app's real migrations build the schema.
 */
export interface TestDatabase {
  dataDir: string;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/** Where a template is built: a data directory, and on PostgreSQL a database of its own. */
export type TemplateTarget = Omit<TestDatabase, 'drop'>;

const SQLITE_FILE = 'cases.sqlite';

/** A fresh, empty database: nothing applied, nothing seeded (boot and migration tests). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cases-test-'));
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { dataDir, databaseUrl: undefined, drop: removeDir(dataDir) };
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  return postgresDatabase(adminUrl, name, dataDir);
}

/**
 * A database as the app leaves it after its first start (migrations applied, demo data
 * seeded), copied from a template this Jest worker builds once with `build`, which must
 * start the real app on it. Copying costs a file copy on SQLite and a `CREATE DATABASE ...
 * TEMPLATE` on PostgreSQL, instead of every migration and the seeding for each test file.
 */
export async function createSeededTestDatabase(
  build: (target: TemplateTarget) => Promise<void>,
): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const template = await workerTemplate(adminUrl, build);
  const dataDir = mkdtempSync(join(tmpdir(), 'cases-test-'));
  if (!adminUrl) {
    // A cleanly closed SQLite database has no WAL left, but copy one if it is there.
    for (const suffix of ['', '-wal']) {
      const source = join(template, SQLITE_FILE + suffix);
      if (existsSync(source)) copyFileSync(source, join(dataDir, SQLITE_FILE + suffix));
    }
    return { dataDir, databaseUrl: undefined, drop: removeDir(dataDir) };
  }
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdmin(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`),
  );
  return postgresDatabase(adminUrl, name, dataDir);
}

export const onPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

/** The app's configuration for a test database, as the app reads it from its environment. */
export function appConfigFor(database: TestDatabase): AppConfig {
  return AppConfig.fromEnvironment({
    DATA_DIR: database.dataDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
  });
}

/** A data source opened as the app opens one, with every migration applied. */
export async function openMigrated(config: AppConfig): Promise<DataSource> {
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

/**
 * This worker's template: a directory (SQLite) or a database name (PostgreSQL), named after the
 * run (test/support/test-run.mjs) and the worker, built once and published by a rename, so a
 * half-built one is never copied. The run's teardown removes them all.
 */
async function workerTemplate(
  adminUrl: string | undefined,
  build: (target: TemplateTarget) => Promise<void>,
): Promise<string> {
  const run = process.env.CASES_TEST_RUN ?? `solo${process.pid}`;
  const id = `${run}_${process.env.JEST_WORKER_ID ?? '0'}`;
  if (!adminUrl) {
    const dir = join(tmpdir(), `cases-template-${id}`);
    if (existsSync(dir)) return dir;
    const building = mkdtempSync(join(tmpdir(), `cases-template-${id}-building-`));
    await build({ dataDir: building, databaseUrl: undefined });
    renameSync(building, dir);
    return dir;
  }
  const name = `tmpl_${id}`;
  const exists = await withAdmin(adminUrl, (client) =>
    client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]),
  );
  if (exists.rowCount) return name;
  const building = `${name}_building`;
  const dataDir = mkdtempSync(join(tmpdir(), 'cases-template-pg-'));
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${building}`);
  });
  try {
    await build({ dataDir, databaseUrl: databaseUrlFor(adminUrl, building) });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  // The app has closed its pool; a template must have no connections when it is copied.
  await withAdmin(adminUrl, (client) =>
    client.query(`ALTER DATABASE ${building} RENAME TO ${name}`),
  );
  return name;
}

function postgresDatabase(adminUrl: string, name: string, dataDir: string): TestDatabase {
  return {
    dataDir,
    databaseUrl: databaseUrlFor(adminUrl, name),
    drop: async () => {
      await withAdmin(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function databaseUrlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function removeDir(dir: string): () => Promise<void> {
  return async () => rmSync(dir, { recursive: true, force: true });
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
