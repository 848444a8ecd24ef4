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
  /**
   * Who approved it, as the school words it ("Full governing body"); with the two dates, null
   * only on the model catalogue a school starts with, which nobody at the school approved.
   */
  @Column({ type: 'varchar', length: 200, nullable: true }) approvedBy!: string | null;
  /** London dates, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10, nullable: true }) approvedOn!: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) reviewDue!: string | null;
}
