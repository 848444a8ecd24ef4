/**
 * Looking at a running (or killed) app from outside, as an operator would: its open file
 * descriptors, its database through a separate connection, and the evidence store (on disk or
 * in its bucket).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { storedObjects } from './evidence-store.js';

/** Open file descriptors of a process (Linux). */
export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export interface Db {
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * A connection of our own to the app's database. SQL must be portable between SQLite and
 * PostgreSQL, and take no parameters (only ids we generated are interpolated).
 */
export async function openDb(dataDir: string, databaseUrl: string | undefined): Promise<Db> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return {
      rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      close: () => client.end(),
    };
  }
  const db = new Database(join(dataDir, 'cases.sqlite'), { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return {
    rows: async <T>(sql: string) => db.prepare(sql).all() as T[],
    close: async () => void db.close(),
  };
}

export async function countRows(db: Db, table: string, where = ''): Promise<number> {
  const [row] = await db.rows<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM ${table} ${where ? `WHERE ${where}` : ''}`,
  );
  return Number(row.n);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Everything that would make the evidence store disagree with the database: a file with no
 * row, a row with no file, bytes that no longer hash to their name, a file in the wrong shard,
 * a size that differs, or a case whose evidence rows do not match its evidence_added events.
 */
export async function storeProblems(db: Db, dataDir: string): Promise<string[]> {
  const problems: string[] = [];
  const rows = await db.rows<{ id: string; caseId: string; sha256: string; size: number | string }>(
    'SELECT "id", "caseId", "sha256", "size" FROM evidence_item',
  );
  const bySha = new Map<string, number>();
  for (const r of rows) bySha.set(r.sha256, Number(r.size));
  const seen = new Set<string>();
  for (const { path: rel, bytes } of await storedObjects(dataDir)) {
    const name = rel.split('/').pop()!;
    if (rel !== `${name.slice(0, 2)}/${name}`) problems.push(`file in the wrong place: ${rel}`);
    if (sha256(bytes) !== name) problems.push(`bytes of ${rel} do not hash to its name`);
    if (!bySha.has(name)) problems.push(`file without an evidence row: ${rel}`);
    else if (bySha.get(name) !== bytes.length)
      problems.push(`size of ${rel} is ${bytes.length}, its row says ${bySha.get(name)}`);
    seen.add(name);
  }
  for (const r of rows) {
    if (!seen.has(r.sha256)) problems.push(`evidence ${r.id} of case ${r.caseId} has no file`);
  }
  const perCase = await db.rows<{
    caseId: string;
    items: number | string;
    events: number | string;
  }>(
    `SELECT c."id" AS "caseId",
       (SELECT COUNT(*) FROM evidence_item e WHERE e."caseId" = c."id") AS "items",
       (SELECT COUNT(*) FROM case_event v WHERE v."caseId" = c."id" AND v."kind" = 'evidence_added') AS "events"
     FROM case_record c`,
  );
  for (const c of perCase) {
    if (Number(c.items) !== Number(c.events))
      problems.push(`case ${c.caseId}: ${c.items} evidence rows but ${c.events} evidence events`);
  }
  return problems;
}
