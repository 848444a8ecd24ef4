import { mkdirSync } from 'node:fs';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../src/config/app-config.js';
import { ENTITIES } from './entities.js';
import { SafeQueryLogger } from './safe-query-logger.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * The one description of the database, shared by the app, the CLI and the tests.
 * SQLite is the embedded default; DATABASE_URL=postgres://... switches to PostgreSQL with the
 * same entities and migrations. Schema changes only ever come from migrations.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logger: new SafeQueryLogger(),
    logging: ['error', 'warn'] as ('error' | 'warn')[],
    maxQueryExecutionTime: 2000,
  };
  if (config.databaseUrl) {
    return { ...common, type: 'postgres', url: config.databaseUrl, extra: { max: 10 } };
  }
  mkdirSync(config.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.sqlitePath,
    enableWAL: true,
    // Wait for a lock (another process such as the CLI or a backup) instead of failing at once.
    timeout: 5000,
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      // FULL: a commit survives a power cut, not just a process crash. The transaction runner's
      // own transactions commit at NORMAL and flush the log off the event loop before their
      // caller goes on (WalFlush); this covers every other statement.
      db.pragma('synchronous = FULL');
      // Gather table statistics where they are missing or stale: without them the case list's
      // OR-shaped visibility query is planned as a full sort (0x10002: at open, bounded work).
      db.pragma('optimize = 0x10002');
    },
  };
}

export function createDataSource(config: AppConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}
