import { Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';

/**
 * One row per overdue deadline that has been reminded about. The primary key makes the claim
 * insert-once, so several app instances running the job still send each reminder once.
 */
@Entity('reminder_sent')
export class ReminderSent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) caseId!: string;
  @PrimaryColumn({ type: 'varchar', length: 24 }) clock!: string;
  @PrimaryColumn({ type: 'varchar', length: 24 }) dueAt!: string;
  @InstantColumn() sentAt!: Date;
}
