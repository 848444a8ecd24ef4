import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

/** Who reviews a request's export and answers it: the head, or the chair when it is about the head. */
export const SAR_REVIEWER_ROLES = ['headteacher', 'chair_of_governors'] as const;
export type SarReviewerRole = (typeof SAR_REVIEWER_ROLES)[number];

export const SAR_EVENT_KINDS = ['received', 'extended', 'export_drafted', 'released'] as const;
export type SarEventKind = (typeof SAR_EVENT_KINDS)[number];

/**
 * A subject access request as received (DOMAIN.md §8). The row never changes: the due date,
 * its extensions, the drafts and the answer are events, so the register shows what happened
 * and when, not only where it stands.
 */
@Entity('subject_access_request')
export class SubjectAccessRequest {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() schoolId!: string;
  @Column({ type: 'varchar', length: 200 }) requesterName!: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) requesterContact!: string | null;
  /** The person it is about, when they are one of the school's people. */
  @IdColumn({ nullable: true }) personUserId!: string | null;
  /** Their name as the request gives it (for a user, the account's name when registered). */
  @Column({ type: 'varchar', length: 200 }) personName!: string;
  @Column({ type: 'varchar', length: 32 }) reviewerRole!: SarReviewerRole;
  /** A calendar date (YYYY-MM-DD): the day the request reached the school. */
  @Column({ type: 'varchar', length: 10 }) receivedOn!: string;
  @IdColumn() createdById!: string;
  @InstantColumn() createdAt!: Date;
}

/** One step of a request, append-only. */
@Entity('subject_access_event')
export class SubjectAccessEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() requestId!: string;
  @IdColumn() schoolId!: string;
  @Column({ type: 'integer' }) seq!: number;
  @Column({ type: 'varchar', length: 20 }) kind!: SarEventKind;
  @InstantColumn() at!: Date;
  @IdColumn() actorId!: string;
  /** received, extended: the due date from then on; released: the answered date. */
  @Column({ type: 'varchar', length: 10, nullable: true }) onDate!: string | null;
  /** extended: by how many months. */
  @Column({ type: 'integer', nullable: true }) months!: number | null;
  /** extended: why, as recorded by whoever extended it. */
  @Column({ type: 'varchar', length: 1000, nullable: true }) reason!: string | null;
  /** export_drafted, released: the export. */
  @IdColumn({ nullable: true }) exportId!: string | null;
}

/** A reminder claimed once per request, kind and due date, whichever instance sends it. */
@Entity('subject_access_reminder')
export class SubjectAccessReminder {
  @PrimaryColumn({ type: 'varchar', length: 36 }) requestId!: string;
  @PrimaryColumn({ type: 'varchar', length: 12 }) kind!: 'before' | 'due';
  @PrimaryColumn({ type: 'varchar', length: 10 }) dueOn!: string;
  @InstantColumn() sentAt!: Date;
}
