import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

/**
 * An export drafted for a subject access request: the PDF and the JSON exactly as produced, so
 * the copy released is the copy reviewed, and a printed copy can be proven genuine by its hash.
 * Kept in the database rather than the evidence store, whose janitor removes any file no
 * evidence row holds.
 */
@Entity('subject_access_export')
export class SubjectAccessExport {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() requestId!: string;
  @IdColumn() schoolId!: string;
  @InstantColumn() createdAt!: Date;
  @IdColumn() createdById!: string;
  @Column({ type: 'varchar', length: 64 }) pdfSha256!: string;
  @Column({ type: 'varchar', length: 64 }) jsonSha256!: string;
  @Column({ type: 'text' }) pdfBase64!: string;
  @Column({ type: 'text' }) json!: string;
  /**
   * For the reviewer only, never part of what is released: each free-text passage to check, and
   * the names of other people found in it (JSON).
   */
  @Column({ type: 'text' }) review!: string;
  @Column({ type: 'integer' }) caseCount!: number;
  @Column({ type: 'integer' }) flagCount!: number;
}
