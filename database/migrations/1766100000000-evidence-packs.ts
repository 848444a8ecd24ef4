import { MigrationInterface, QueryRunner } from 'typeorm';
import { replaceInListCheck } from './checks.js';

const BEFORE = ['hr', 'governors', 'invitation', 'outcome'];

/**
 * The evidence pack (issue 20): a ZIP of a case's original evidence files, recorded by the
 * SHA-256 of its bytes in issued_document like the case files, so the verify endpoint, the
 * retention deletion and its tombstone treat it as one more of the case's documents.
 */
export class EvidencePacks1766100000000 implements MigrationInterface {
  name = 'EvidencePacks1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await replaceInListCheck(q, 'issued_document', 'variant', BEFORE, [...BEFORE, 'evidence_pack']);
  }

  async down(q: QueryRunner): Promise<void> {
    // Refused (by replaceInListCheck) while any pack is recorded: its record is the only proof.
    await replaceInListCheck(q, 'issued_document', 'variant', [...BEFORE, 'evidence_pack'], BEFORE);
  }
}
