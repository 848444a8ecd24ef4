import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { OperationError } from './operation.error.js';
import { readDatabaseFacts, type DatabaseFacts } from './database-facts.js';

/** The most pages better-sqlite3 will copy in one step: in practice, all of them. */
const ALL_REMAINING_PAGES = 0x7fffffff;
const BUSY_TIMEOUT_MS = 5000;

/**
 * Copies the live database with SQLite's online backup API, which reads one committed state
 * while the app keeps writing (a file copy could catch a page half-written, or miss the WAL).
 * better-sqlite3's first step only sizes the copy; the rest then goes in one step, inside one
 * read transaction, so the copy is consistent. A write landing between the two steps makes
 * SQLite restart the copy, again in one step.
 */
export async function snapshotSqlite(livePath: string, targetPath: string): Promise<void> {
  if (!existsSync(livePath)) {
    throw new OperationError(`There is no database at ${livePath}: nothing to back up`);
  }
  const live = new Database(livePath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    live.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await live.backup(targetPath, { progress: () => ALL_REMAINING_PAGES });
  } finally {
    live.close();
  }
  const copy = new Database(targetPath, { fileMustExist: true });
  try {
    // One self-contained file: no -wal or -shm beside it in the snapshot.
    copy.pragma('journal_mode = DELETE');
    const verdict = copy.pragma('integrity_check', { simple: true });
    if (verdict !== 'ok') {
      throw new OperationError(
        `The copied database fails its integrity check (${String(verdict)})`,
      );
    }
  } finally {
    copy.close();
  }
}

export async function readSqliteFacts(path: string): Promise<DatabaseFacts> {
  const db = new Database(path, { fileMustExist: true, readonly: true });
  try {
    return await readDatabaseFacts(
      async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
    );
  } catch (error) {
    if (error instanceof Database.SqliteError) {
      throw new OperationError(`${path} is not a database of this app (${error.message})`);
    }
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Before existing data is moved aside: folds the WAL into the database file and switches it to
 * a rollback journal, so the file moved is complete on its own. SQLite allows that switch only
 * when no other connection has the database open, so it doubles as proof the app is stopped.
 */
export function detachSqlite(path: string): void {
  if (!existsSync(path)) return;
  const db = new Database(path, { fileMustExist: true, timeout: 2000 });
  try {
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) {
      throw new OperationError(
        `${path} is in use by another process: stop the app before restoring. Nothing was changed`,
      );
    }
    throw error;
  } finally {
    db.close();
  }
}
