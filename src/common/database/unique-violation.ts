/** True for a unique-key violation on either engine (PostgreSQL 23505, SQLite UNIQUE/PRIMARY KEY). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const text = `${String(e?.code ?? '')} ${String(e?.message ?? '')}`;
  return /23505|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)|UNIQUE constraint/.test(text);
}
