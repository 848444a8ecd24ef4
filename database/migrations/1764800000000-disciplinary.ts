import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumnInPlace, dropColumnInPlace, replaceInListCheck } from './checks.js';

const VARIANTS = ['hr', 'governors'];
const LETTERS = ['invitation', 'outcome'];

/**
 * The disciplinary procedure (issue 14): when the hearing was held (its companion and notes
 * are the event's), and the two letters recorded like the case files, by the hash of each
 * download.
 */
export class Disciplinary1764800000000 implements MigrationInterface {
  name = 'Disciplinary1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await addColumnInPlace(q, 'case_record', 'hearingHeldAt', {
      sqlite: 'varchar(24)',
      postgres: 'character varying(24)',
    });
    await replaceInListCheck(q, 'issued_document', 'variant', VARIANTS, [...VARIANTS, ...LETTERS]);
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceInListCheck(q, 'issued_document', 'variant', [...VARIANTS, ...LETTERS], VARIANTS);
    await dropColumnInPlace(q, 'case_record', 'hearingHeldAt');
  }
}
