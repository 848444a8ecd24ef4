import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

/**
 * Every termly governors' report handed out, by the SHA-256 of its bytes: a school's report for
 * a term, not a case's document, so it has its own register beside issued_document.
 */
@Entity('issued_report')
export class IssuedReport {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @IdColumn() schoolId!: string;
  /** The term's key, `autumn-2026`. */
  @Column({ type: 'varchar', length: 16 }) term!: string;
  @InstantColumn() generatedAt!: Date;
  @IdColumn() generatedById!: string;
}
