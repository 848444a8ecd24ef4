import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Substring search over case references through an index, as CaseSearch1763700500000 does for
 * report text: `?q=OAK-2025-01` (or `2025-01`, the middle of a reference) otherwise compared
 * every case's reference, about 450 ms at 1,000,000 cases.
 * - SQLite: an external-content FTS5 trigram table over `reference`, kept in step by triggers.
 *   A reference changes when a case moves to another reference line (ownership), so an update
 *   of the column is handled as well as insert and delete.
 * - PostgreSQL: a pg_trgm GIN index, which `reference ILIKE '%term%'` uses directly (the
 *   extension was created by CaseSearch1763700500000).
 */
export class CaseReferenceSearch1766800000000 implements MigrationInterface {
  name = 'CaseReferenceSearch1766800000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await q.query(
        'CREATE INDEX "IDX_case_record_reference_trgm" ON "case_record" USING gin ("reference" gin_trgm_ops)',
      );
      return;
    }
    await q.query(
      `CREATE VIRTUAL TABLE "case_reference_search" USING fts5("reference", content='case_record', content_rowid='rowid', tokenize='trigram')`,
    );
    await q.query(
      `CREATE TRIGGER "case_reference_search_after_insert" AFTER INSERT ON "case_record" BEGIN
         INSERT INTO "case_reference_search"(rowid, "reference") VALUES (new.rowid, new."reference");
       END`,
    );
    await q.query(
      `CREATE TRIGGER "case_reference_search_after_delete" AFTER DELETE ON "case_record" BEGIN
         INSERT INTO "case_reference_search"("case_reference_search", rowid, "reference") VALUES ('delete', old.rowid, old."reference");
       END`,
    );
    await q.query(
      `CREATE TRIGGER "case_reference_search_after_update" AFTER UPDATE OF "reference" ON "case_record" BEGIN
         INSERT INTO "case_reference_search"("case_reference_search", rowid, "reference") VALUES ('delete', old.rowid, old."reference");
         INSERT INTO "case_reference_search"(rowid, "reference") VALUES (new.rowid, new."reference");
       END`,
    );
    await q.query(
      `INSERT INTO "case_reference_search"(rowid, "reference") SELECT rowid, "reference" FROM "case_record"`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('DROP INDEX "IDX_case_record_reference_trgm"');
      return;
    }
    await q.query('DROP TRIGGER "case_reference_search_after_update"');
    await q.query('DROP TRIGGER "case_reference_search_after_delete"');
    await q.query('DROP TRIGGER "case_reference_search_after_insert"');
    await q.query('DROP TABLE "case_reference_search"');
  }
}
