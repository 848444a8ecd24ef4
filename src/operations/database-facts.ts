/** What backup and restore read from a database, the same way on both engines. */
export interface DatabaseFacts {
  cases: number;
  evidenceItems: number;
  /** Distinct SHA-256 of every evidence_item row, sorted: the files the database refers to. */
  evidenceHashes: string[];
  /** Applied migrations, oldest first. */
  migrations: string[];
}

export type RunQuery = (sql: string) => Promise<Record<string, unknown>[]>;

/** Read in one snapshot by the caller (a backup copy, an exported snapshot, a stopped app). */
export async function readDatabaseFacts(query: RunQuery): Promise<DatabaseFacts> {
  const [cases] = await query('SELECT COUNT(*) AS n FROM case_record');
  const [items] = await query('SELECT COUNT(*) AS n FROM evidence_item');
  const hashes = await query('SELECT DISTINCT sha256 FROM evidence_item ORDER BY sha256');
  const migrations = await query('SELECT name FROM migrations ORDER BY timestamp, id');
  return {
    // PostgreSQL returns COUNT(*) as a bigint string.
    cases: Number(cases.n),
    evidenceItems: Number(items.n),
    evidenceHashes: hashes.map((r) => String(r.sha256)),
    migrations: migrations.map((r) => String(r.name)),
  };
}
