import { Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';

/**
 * One row per review reminder sent for a version: "before" (the review is near) or "due" (it
 * has passed). The primary key makes the claim insert-once, so several instances running the
 * job still send each reminder once.
 */
@Entity('policy_reminder_sent')
export class PolicyReminderSent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) policyVersionId!: string;
  @PrimaryColumn({ type: 'varchar', length: 12 }) kind!: 'before' | 'due';
  @InstantColumn() sentAt!: Date;
}

/** A member of staff's acknowledgement that they have read one version; written once, never edited. */
@Entity('policy_acknowledgement')
export class PolicyAcknowledgement {
  @PrimaryColumn({ type: 'varchar', length: 36 }) policyVersionId!: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId!: string;
  @InstantColumn() acknowledgedAt!: Date;
}
