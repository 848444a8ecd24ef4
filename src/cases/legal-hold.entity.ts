import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

/**
 * A legal hold on a case (DOMAIN.md §8): a statutory inquiry, a tribunal or litigation needs
 * it kept, so no deletion touches the case while a hold is unlifted. Placing and lifting are
 * also events on the case's timeline; a lifted hold stays, with who lifted it and why.
 */
@Entity('legal_hold')
export class LegalHold {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() caseId!: string;
  @IdColumn() schoolId!: string;
  @Column({ type: 'varchar', length: 1000 }) reason!: string;
  @IdColumn() placedById!: string;
  @InstantColumn() placedAt!: Date;
  @IdColumn({ nullable: true }) liftedById!: string | null;
  @InstantColumn({ nullable: true }) liftedAt!: Date | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) liftReason!: string | null;
}
