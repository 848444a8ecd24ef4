import Database from 'better-sqlite3';
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
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
  const holder = otherProcessHolding(path);
  if (holder !== null) {
    throw new OperationError(
      `${path} is in use by another process: stop the app before restoring (pid ${holder} has it open). Nothing was changed`,
    );
  }
  const db = new Database(path, { fileMustExist: true, timeout: 2000 });
  try {
    // With another connection open SQLite may refuse with SQLITE_BUSY, or may simply stay in
    // WAL mode and say so: both mean the database is in use.
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (String(mode).toLowerCase() !== 'delete') {
      throw new OperationError(
        `${path} is in use by another process: stop the app before restoring. Nothing was changed`,
      );
    }
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

/**
 * The pid of another process with the database (or its -wal/-shm) open, or null. SQLite's own
 * refusal to leave WAL mode is not dependable proof under load; the kernel's list of open files
 * is. Linux only: elsewhere (no /proc) it finds nothing and the journal-mode check remains.
 */
export function otherProcessHolding(path: string): number | null {
  if (!existsSync('/proc/self/fd')) return null;
  const real = realpathSync(path);
  const targets = new Set([real, `${real}-wal`, `${real}-shm`]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      try {
        if (targets.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        // closed while we looked
      }
    }
  }
  return null;
}
