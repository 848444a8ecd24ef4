import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

/**
 * One link of the append-only, hash-chained audit log. `detail` holds ids, codes and hashes
 * only: never report text, names or evidence.
 */
@Entity('audit_entry')
export class AuditEntry {
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @InstantColumn() at!: Date;
  @IdColumn({ nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 64 }) action!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) targetType!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) targetId!: string | null;
  @IdColumn({ nullable: true }) schoolId!: string | null;
  @Column({ type: 'text' }) detail!: string;
  @Column({ type: 'varchar', length: 64 }) prevHash!: string;
  @Column({ type: 'varchar', length: 64 }) hash!: string;
}
