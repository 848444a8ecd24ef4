import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

/** A school's catalogue is versioned: a case pins the version in force when it was reported. */
@Entity('policy_version')
@Unique(['schoolId', 'version'])
export class PolicyVersion {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() schoolId!: string;
  @Column({ type: 'integer' }) version!: number;
  @InstantColumn() createdAt!: Date;
  @IdColumn({ nullable: true }) createdById!: string | null;
}
