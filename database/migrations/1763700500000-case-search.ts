import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Substring search over report text without reading every row: a search that matched nothing
 * scanned all the descriptions a person may see (about 80 ms at 100,000 cases).
 * - SQLite: an external-content FTS5 table with the trigram tokenizer, kept in step by
 *   triggers (descriptions and subject names are never edited, so insert and delete suffice);
 *   `column LIKE '%term%'` on it uses the index for terms of three characters or more.
 * - PostgreSQL: pg_trgm GIN indexes, which ILIKE '%term%' uses directly. pg_trgm is a trusted
 *   extension, so the database owner may create it.
 */
export class CaseSearch1763700500000 implements MigrationInterface {
  name = 'CaseSearch1763700500000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await q.query(
        'CREATE INDEX "IDX_case_record_description_trgm" ON "case_record" USING gin ("description" gin_trgm_ops)',
      );
      await q.query(
        'CREATE INDEX "IDX_case_record_subjectName_trgm" ON "case_record" USING gin ("subjectName" gin_trgm_ops)',
      );
      return;
    }
    await q.query(
      `CREATE VIRTUAL TABLE "case_search" USING fts5("description", "subjectName", content='case_record', content_rowid='rowid', tokenize='trigram')`,
    );
    await q.query(
      `CREATE TRIGGER "case_search_after_insert" AFTER INSERT ON "case_record" BEGIN
         INSERT INTO "case_search"(rowid, "description", "subjectName") VALUES (new.rowid, new."description", new."subjectName");
       END`,
    );
    await q.query(
      `CREATE TRIGGER "case_search_after_delete" AFTER DELETE ON "case_record" BEGIN
         INSERT INTO "case_search"("case_search", rowid, "description", "subjectName") VALUES ('delete', old.rowid, old."description", old."subjectName");
       END`,
    );
    await q.query(
      `INSERT INTO "case_search"(rowid, "description", "subjectName") SELECT rowid, "description", "subjectName" FROM "case_record"`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('DROP INDEX "IDX_case_record_subjectName_trgm"');
      await q.query('DROP INDEX "IDX_case_record_description_trgm"');
      return;
    }
    await q.query('DROP TRIGGER "case_search_after_delete"');
    await q.query('DROP TRIGGER "case_search_after_insert"');
    await q.query('DROP TABLE "case_search"');
  }
}
