import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';

/** The better-sqlite3 handle's calls used here (the driver does not type its connection). */
interface SqliteHandle {
  prepare(sql: string): { pluck(): { get(): unknown } };
}

/**
 * A value that differs whenever the database may have changed since it was last read, so an
 * answer computed from it can be reused until then (ResponseCache).
 *
 * On SQLite it is cheap and exact: `total_changes()` counts every row this process's one
 * connection has inserted, updated or deleted (rolled-back work included, which only costs a
 * needless miss), and `PRAGMA data_version` moves when another process (the CLI, a restore)
 * commits to the file. On PostgreSQL other instances write through their own connections and
 * no cheap counter sees them all, so it answers null: "cannot tell", and nothing is reused. It
 * answers null too with RESPONSE_CACHE=false, which turns every such reuse off at once.
 */
@Injectable()
export class DatabaseVersion {
  private statements: { changes: { get(): unknown }; dataVersion: { get(): unknown } } | null =
    null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  current(): string | null {
    if (!this.config.responseCache || this.config.isPostgres || !this.dataSource.isInitialized)
      return null;
    const statements = (this.statements ??= this.prepare());
    return `${String(statements.dataVersion.get())}.${String(statements.changes.get())}`;
  }

  private prepare() {
    const handle = (this.dataSource.driver as unknown as { databaseConnection: SqliteHandle })
      .databaseConnection;
    return {
      changes: handle.prepare('SELECT total_changes()').pluck(),
      dataVersion: handle.prepare('PRAGMA data_version').pluck(),
    };
  }
}
