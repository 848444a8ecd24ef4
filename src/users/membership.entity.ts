import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';
import type { Role } from '../common/role.js';

/** A person holds roles per school; an HR adviser holds `hr` in many schools. */
@Entity('membership')
@Unique(['userId', 'schoolId', 'role'])
export class Membership {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() userId!: string;
  @IdColumn() schoolId!: string;
  @Column({ type: 'varchar', length: 32 }) role!: Role;
  @InstantColumn() createdAt!: Date;
}
