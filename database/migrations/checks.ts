import type { QueryRunner } from 'typeorm';
import { inList } from './columns.js';

interface SqliteHandle {
  unsafeMode(on: boolean): unknown;
  pragma(source: string, options?: { simple: boolean }): unknown;
  prepare(sql: string): { get(...params: unknown[]): unknown; run(...params: unknown[]): unknown };
}

/**
 * Replaces the `"column" IN (...)` check of a table with another list. A narrower list is
 * refused while any row holds a value it drops (a migration's down() after new values were used).
 *
 * PostgreSQL alters the constraint. SQLite cannot alter a constraint; TypeORM would rebuild the
 * table, which on case_record loses the search triggers and renumbers the rowids its FTS index
 * points at. SQLite documents a safe alternative for a change that no stored row can violate
 * (https://sqlite.org/lang_altertable.html, "otheralter"): rewrite the table's SQL in the schema
 * and bump the schema version. A list no stored row falls outside of is such a change.
 */
export async function replaceInListCheck(
  q: QueryRunner,
  table: string,
  column: string,
  from: readonly string[],
  to: readonly string[],
): Promise<void> {
  const dropped = from.filter((v) => !to.includes(v));
  if (dropped.length > 0) {
    const [{ n }] = (await q.query(
      `SELECT COUNT(*) AS n FROM "${table}" WHERE "${column}" IN (${dropped.map((v) => `'${v}'`).join(', ')})`,
    )) as { n: number | string }[];
    if (Number(n) > 0)
      throw new Error(`${table}.${column}: ${n} row(s) still use ${dropped.join(', ')}`);
  }
  if (q.connection.options.type === 'postgres') {
    const t = await q.getTable(table);
    const old = t?.checks.find(
      (c) =>
        new RegExp(`\\b${column}\\b`).test(c.expression ?? '') &&
        from.every((v) => c.expression?.includes(`'${v}'`)),
    );
    if (!t || !old?.name) throw new Error(`${table}: no check on ${column} to widen`);
    await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${old.name}"`);
    await q.query(
      `ALTER TABLE "${table}" ADD CONSTRAINT "${old.name}" CHECK (${inList(column, to)})`,
    );
    return;
  }
  const db = (q.connection.driver as unknown as { databaseConnection: SqliteHandle })
    .databaseConnection;
  const row = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .get(table) as { sql: string } | undefined;
  const before = `CHECK (${inList(column, from)})`;
  if (!row || !row.sql.includes(before)) throw new Error(`${table}: no check ${before}`);
  const version = db.pragma('schema_version', { simple: true }) as number;
  // better-sqlite3 opens databases in defensive mode, which forbids writing the schema.
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.prepare(`UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?`).run(
      row.sql.replace(before, `CHECK (${inList(column, to)})`),
      table,
    );
    db.pragma(`schema_version = ${version + 1}`);
  } finally {
    db.pragma('writable_schema = OFF');
    db.unsafeMode(false);
  }
  const [check] = db.pragma('integrity_check') as { integrity_check: string }[];
  if (check.integrity_check !== 'ok') throw new Error(`${table}: ${check.integrity_check}`);
}

/**
 * Adds a column without rebuilding the table: TypeORM's addColumn rebuilds SQLite tables, which
 * would drop case_record's search triggers. `definition` is the SQL after the column name.
 */
export async function addColumnInPlace(
  q: QueryRunner,
  table: string,
  column: string,
  definition: { sqlite: string; postgres: string },
): Promise<void> {
  const postgres = q.connection.options.type === 'postgres';
  await q.query(
    `ALTER TABLE "${table}" ADD COLUMN "${column}" ${postgres ? definition.postgres : definition.sqlite}`,
  );
}

/** Both engines drop a column in place (SQLite since 3.35) when no index or check uses it. */
export async function dropColumnInPlace(q: QueryRunner, table: string, column: string) {
  await q.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
}
