import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';
import type { Platform, ReportType, SubjectRelationship } from './case.constants.js';
import type {
  AppealResult,
  CaseStatus,
  Classification,
  Finding,
  OwnerRole,
  ReferenceLine,
  Sanction,
} from './workflow/index.js';
import type { AboutHeadteacher } from './case.constants.js';

const json = {
  to: (value: string[]) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as string[],
};

/**
 * A report and the state of its investigation. Columns change only through CasesService's
 * named operations, each inside a transaction that bumps `version` and writes a timeline event;
 * nothing here is edited in place by a user.
 */
@Entity('case_record')
export class CaseRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() schoolId!: string;
  @Column({ type: 'varchar', length: 32, unique: true }) reference!: string;
  @Column({ type: 'varchar', length: 20 }) type!: ReportType;
  @Column({ type: 'varchar', length: 20 }) status!: CaseStatus;
  /** Optimistic concurrency: every change is `UPDATE ... WHERE version = ?`. */
  @Column({ type: 'integer' }) version!: number;
  /** The catalogue in force when reported; later edits never rewrite it. */
  @IdColumn() policyVersionId!: string;
  @Column({ type: 'text', transformer: json }) clauseCodes!: string[];
  @Column({ type: 'text' }) description!: string;
  @InstantColumn() occurredAt!: Date;
  @InstantColumn() reportedAt!: Date;
  @Column({ type: 'boolean' }) safeguarding!: boolean;
  @Column({ type: 'boolean' }) confidentialReporter!: boolean;
  /** Declared indecent images of children: no files were taken; referral to IWF/CEOP/police. */
  @Column({ type: 'boolean' }) indecentImages!: boolean;
  @Column({ type: 'varchar', length: 20 }) platform!: Platform;
  @Column({ type: 'varchar', length: 2048, nullable: true }) postUrl!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) subjectName!: string | null;
  @Column({ type: 'varchar', length: 20 }) subjectRelationship!: SubjectRelationship;
  @IdColumn({ nullable: true }) subjectUserId!: string | null;
  @IdColumn() reporterId!: string;
  /** The reporter's answer to "Is this about the headteacher?". */
  @Column({ type: 'varchar', length: 10 }) aboutHeadteacher!: AboutHeadteacher;
  /**
   * The head is, or may be, the subject: nobody holding the head role in the school sees the
   * case, until the chair hands a "not sure" report to the head.
   */
  @Column({ type: 'boolean' }) headExcluded!: boolean;
  /** The capacity the owner holds the case in. */
  @Column({ type: 'varchar', length: 32 }) ownerRole!: OwnerRole;
  /** The person who owns the case; null while nobody holds the owner role in the school. */
  @IdColumn({ nullable: true }) ownerUserId!: string | null;
  /** The reference series the case is numbered in. */
  @Column({ type: 'varchar', length: 8 }) referenceLine!: ReferenceLine;
  @Column({ type: 'varchar', length: 32, nullable: true }) classification!: Classification | null;
  @InstantColumn({ nullable: true }) hrRequestedAt!: Date | null;
  /** Set the first time the case reaches hr_advice; from then on HR may see it. */
  @InstantColumn({ nullable: true }) hrReachedAt!: Date | null;
  @Column({ type: 'integer' }) hrAdviceCount!: number;
  @InstantColumn({ nullable: true }) lastHrAdviceAt!: Date | null;
  @InstantColumn({ nullable: true }) ladoReferredAt!: Date | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) finding!: Finding | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) sanction!: Sanction | null;
  @Column({ type: 'text', nullable: true }) rationale!: string | null;
  @Column({ type: 'text', nullable: true }) governorSummary!: string | null;
  @InstantColumn({ nullable: true }) decidedAt!: Date | null;
  @InstantColumn({ nullable: true }) appealLodgedAt!: Date | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) appealResult!: AppealResult | null;
  @InstantColumn({ nullable: true }) appealDecidedAt!: Date | null;
  @InstantColumn({ nullable: true }) closedAt!: Date | null;
  /** The earliest open deadline (triage, LADO referral, HR answer); null when none is running. */
  @InstantColumn({ nullable: true }) dueAt!: Date | null;
}
