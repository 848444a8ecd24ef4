import { Entity, PrimaryColumn, Column } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';

@Entity('school')
export class School {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /** Short upper-case code used in case references, e.g. OAK in OAK-2026-0007. */
  @Column({ type: 'varchar', length: 8, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @InstantColumn() createdAt!: Date;
}
