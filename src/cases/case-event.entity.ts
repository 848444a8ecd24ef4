import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

export const CASE_EVENT_KINDS = [
  'reported',
  'transition',
  'note',
  'hr_advice',
  'referral',
  'evidence_added',
  'handover',
  'panel_appointed',
  'reclassified',
  'action',
  'support_offered',
  'resigned',
  'hearing_held',
  'letter_sent',
  'deadline_missed',
  'deadline_met_late',
  'concern_pattern',
  'message',
  'legal_hold_placed',
  'legal_hold_lifted',
  'deletion_notice',
  // Issue 21: on the report merged away, and on the case it joined.
  'merged_into',
  'merged_in',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/**
 * One entry of a case's timeline. Append-only: notes, HR advice and referrals are events too,
 * so a correction is a new event and the original stays.
 */
@Entity('case_event')
export class CaseEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() caseId!: string;
  @Column({ type: 'integer' }) seq!: number;
  @InstantColumn() at!: Date;
  @IdColumn({ nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 32 }) kind!: CaseEventKind;
  @Column({ type: 'varchar', length: 20, nullable: true }) fromStatus!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) toStatus!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  /** Structured fields of the event (e.g. a referral's agency and reference), as JSON. */
  @Column({ type: 'text', nullable: true }) data!: string | null;
}
