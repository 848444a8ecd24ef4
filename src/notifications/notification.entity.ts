import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

export const NOTIFICATION_KINDS = [
  'case_assigned',
  'report_acknowledged',
  'no_owner_warning',
  'overdue_reminder',
  'hr_advice_requested',
  'hr_advice_recorded',
  'appeal_lodged',
  'case_handed_over',
  'panel_appointed',
  'case_moved',
  'hearing_arranged',
  'report_closed',
  'deadline_approaching',
  'deadline_escalated',
  'concern_pattern',
  'dismissal_panel_needed',
  'message_for_reporter',
  'message_from_reporter',
  'policy_review_approaching',
  'policy_review_overdue',
  'deletion_due',
  'subject_access_due_soon',
  'subject_access_overdue',
  'returned_from_hr',
  'appeal_decided',
  'evidence_added',
  'case_file_ready',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** An in-app notice. It carries ids and a kind only; the page words it, so no case text is copied. */
@Entity('notification')
export class Notification {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() userId!: string;
  @IdColumn({ nullable: true }) schoolId!: string | null;
  @IdColumn({ nullable: true }) caseId!: string | null;
  @Column({ type: 'varchar', length: 48 }) kind!: NotificationKind;
  @InstantColumn() createdAt!: Date;
  @InstantColumn({ nullable: true }) readAt!: Date | null;
  /** When its mail was handed to the mail server; set once, so a retried job never sends twice. */
  @InstantColumn({ nullable: true }) mailedAt!: Date | null;
}
