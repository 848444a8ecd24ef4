import { Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';

/**
 * One row per reminder sent, or deadline recorded as missed: `clock` is the kind of record and
 * the clock ("before:lado", "due:lado", "missed:lado", "met:lado"). The primary key makes the
 * claim insert-once, so several app instances running the job still send each reminder once.
 */
@Entity('reminder_sent')
export class ReminderSent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) caseId!: string;
  @PrimaryColumn({ type: 'varchar', length: 48 }) clock!: string;
  @PrimaryColumn({ type: 'varchar', length: 24 }) dueAt!: string;
  @InstantColumn() sentAt!: Date;
}
