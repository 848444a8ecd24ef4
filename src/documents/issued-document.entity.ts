import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

export const CASE_FILE_VARIANTS = ['hr', 'governors'] as const;
export type CaseFileVariant = (typeof CASE_FILE_VARIANTS)[number];
/** The case files, the letters of the disciplinary procedure, and the evidence pack (a ZIP). */
export const DOCUMENT_VARIANTS = [
  ...CASE_FILE_VARIANTS,
  'invitation',
  'outcome',
  'evidence_pack',
] as const;
export type DocumentVariant = (typeof DOCUMENT_VARIANTS)[number];

/**
 * Every PDF (and evidence pack) handed out, by the SHA-256 of its bytes, so a printed or
 * e-mailed copy can later be proven genuine (or not).
 */
@Entity('issued_document')
export class IssuedDocument {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @IdColumn() caseId!: string;
  @IdColumn() schoolId!: string;
  @Column({ type: 'varchar', length: 32 }) reference!: string;
  @Column({ type: 'varchar', length: 16 }) variant!: DocumentVariant;
  @InstantColumn() generatedAt!: Date;
  @IdColumn() generatedById!: string;
}
