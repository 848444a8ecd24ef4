import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumnInPlace, dropColumnInPlace } from './checks.js';

const varchar = (n: number) => ({
  sqlite: `varchar(${n})`,
  postgres: `character varying(${n})`,
});

/**
 * Merging two reports into one case (issue 21): the report merged away keeps its row, its
 * timeline and its evidence, and points at the case it now belongs to. Columns are added in
 * place: a rebuild of case_record would drop its search triggers. The pointer is indexed
 * because every read of a case looks for the reports merged into it.
 */
export class CaseMerges1765800000000 implements MigrationInterface {
  name = 'CaseMerges1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await addColumnInPlace(q, 'case_record', 'mergedIntoCaseId', varchar(36));
    await addColumnInPlace(q, 'case_record', 'mergedAt', varchar(24));
    await q.query(
      `CREATE INDEX "IDX_case_record_merged_into" ON "case_record" ("mergedIntoCaseId")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_case_record_merged_into"`);
    await dropColumnInPlace(q, 'case_record', 'mergedAt');
    await dropColumnInPlace(q, 'case_record', 'mergedIntoCaseId');
  }
}
