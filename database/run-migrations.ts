import { DataSource } from 'typeorm';

/** Arbitrary constant naming the PostgreSQL advisory lock held while migrations run. */
export const MIGRATION_LOCK_KEY = 7_212_027;

/**
 * Applies pending migrations. On PostgreSQL several instances may start at once against one
 * database: each waits for a session advisory lock first, so one applies the migrations and
 * the others then find nothing pending (TypeORM itself takes no lock). SQLite is one process.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations();
    return;
  }
  // The lock belongs to this one connection; the migrations run on others from the pool.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}

/** Opens the database as the app does: connected, then pending migrations applied under the lock. */
export async function openMigrated(dataSource: DataSource): Promise<DataSource> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await runPendingMigrations(dataSource);
  return dataSource;
}
