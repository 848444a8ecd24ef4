import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { readDatabaseFacts, type DatabaseFacts } from './database-facts.js';
import { OperationError } from './operation.error.js';

const SERVER_BINARIES = '/usr/lib/postgresql';

/**
 * pg_dump, pg_restore and the few queries around them, for one database URL. The password is
 * handed to the tools in PGPASSWORD rather than on their command line, where any local user
 * could read it in the process list.
 */
export class PostgresTools {
  constructor(private readonly url: string) {}

  /**
   * Runs `work` inside a read-only REPEATABLE READ transaction whose snapshot is exported, so
   * the facts read here and a pg_dump given the same snapshot see exactly the same data.
   */
  async withExportedSnapshot<T>(
    work: (snapshotId: string, facts: DatabaseFacts) => Promise<T>,
  ): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      try {
        const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
        const facts = await readDatabaseFacts(async (sql) => (await client.query(sql)).rows);
        return await work(rows[0].id, facts);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
      }
    });
  }

  /** Facts of a database nothing else is writing to (after a restore). */
  async facts(): Promise<DatabaseFacts> {
    return this.withClient((client) =>
      readDatabaseFacts(async (sql) => (await client.query(sql)).rows),
    );
  }

  /** How many tables the database holds outside the system schemas: 0 means empty. */
  async tableCount(): Promise<number> {
    return this.withClient(async (client) => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM pg_tables
         WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
      );
      return rows[0].n;
    });
  }

  /** Other sessions on this database; a restore under a running app would be overwritten. */
  async otherSessions(): Promise<number> {
    return this.withClient(async (client) => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return rows[0].n;
    });
  }

  async dump(file: string, snapshotId?: string): Promise<void> {
    await this.run('pg_dump', [
      '--format=custom',
      `--file=${file}`,
      ...(snapshotId ? [`--snapshot=${snapshotId}`] : []),
      `--dbname=${this.urlWithoutPassword()}`,
    ]);
  }

  /**
   * Empties the database, then restores the dump in one transaction. Not pg_restore --clean:
   * it cannot drop the partitions pg-boss keeps (an inherited constraint), so the schemas are
   * dropped first. A restore over data only runs once that data is dumped aside (moveAside).
   */
  async restore(file: string): Promise<void> {
    await this.withClient(async (client) => {
      const { rows } = await client.query<{ name: string }>(
        `SELECT nspname AS name FROM pg_namespace
         WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'`,
      );
      await client.query('BEGIN');
      for (const { name } of rows) {
        await client.query(`DROP SCHEMA ${pg.escapeIdentifier(name)} CASCADE`);
      }
      await client.query('CREATE SCHEMA public');
      await client.query('COMMIT');
    });
    await this.run('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${this.urlWithoutPassword()}`,
      file,
    ]);
  }

  private async withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  private urlWithoutPassword(): string {
    const url = new URL(this.url);
    url.password = '';
    return url.toString();
  }

  private async run(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
    const password = decodeURIComponent(new URL(this.url).password);
    // The child gets the operator's environment (PATH, PGSSLROOTCERT...) plus the password.
    const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
    let result = await runTool(tool, args, env);
    if (result === 'not-found') {
      // Debian keeps the binaries of each server version off the PATH; take the newest.
      const newest = newestServerBin();
      if (newest) result = await runTool(`${newest}/${tool}`, args, env);
    }
    if (result === 'not-found') {
      throw new OperationError(`${tool} was not found; install the PostgreSQL client tools`);
    }
    if (result.code !== 0) {
      throw new OperationError(`${tool} failed (exit ${result.code}):\n  ${result.errors}`);
    }
  }
}

type ToolResult = { code: number; errors: string } | 'not-found';

function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? resolve('not-found') : reject(error),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, errors: errorLines(stderr) }));
  });
}

/**
 * Only the tools' own error lines, shortened: their detail and context lines can quote row
 * data, and case rows hold names and report text.
 */
function errorLines(stderr: string): string {
  const lines = stderr
    .split('\n')
    .filter((line) => /^pg_(dump|restore): (error|fatal):/.test(line))
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}...` : line));
  return lines.length > 0 ? lines.slice(0, 5).join('\n  ') : '(no error message)';
}

function newestServerBin(): string | null {
  try {
    const versions = readdirSync(SERVER_BINARIES)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    return versions.length > 0 ? `${SERVER_BINARIES}/${versions[0]}/bin` : null;
  } catch {
    return null;
  }
}
