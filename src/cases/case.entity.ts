import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';
import type { Platform, ReportType, SubjectRelationship } from './case.constants.js';
import type {
  AppealResult,
  CaseStatus,
  Classification,
  Finding,
  HoldAgency,
  LlcResponse,
  OwnerRole,
  ReferenceLine,
  ReferralDecision,
  RetentionRule,
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
  /** Set at each reclassification: the new track's clocks run from it. */
  @InstantColumn({ nullable: true }) reclassifiedAt!: Date | null;
  /** When the case entered its current status (the investigation review clock runs from it). */
  @InstantColumn({ nullable: true }) statusEnteredAt!: Date | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) holdAgency!: HoldAgency | null;
  /** A calendar date (YYYY-MM-DD): the owner is reminded on it. */
  @Column({ type: 'varchar', length: 10, nullable: true }) holdReviewDate!: string | null;
  /** The investigator: the owner unless the owner names someone; never the hearing manager. */
  @IdColumn({ nullable: true }) investigatorId!: string | null;
  @IdColumn({ nullable: true }) hearingManagerId!: string | null;
  @InstantColumn({ nullable: true }) hearingAt!: Date | null;
  /** The hearing time first set: a postponement must fall within 5 working days of it. */
  @InstantColumn({ nullable: true }) originalHearingAt!: Date | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) hearingPlace!: string | null;
  @InstantColumn({ nullable: true }) invitationSentAt!: Date | null;
  /** When the hearing was held; its companion and notes are on the `hearing_held` event. */
  @InstantColumn({ nullable: true }) hearingHeldAt!: Date | null;
  @Column({ type: 'integer' }) postponements!: number;
  /** A low-level concern's response. */
  @Column({ type: 'varchar', length: 32, nullable: true }) response!: LlcResponse | null;
  @Column({ type: 'boolean' }) grossMisconduct!: boolean;
  /** When a warning stops counting for disciplinary purposes. */
  @InstantColumn({ nullable: true }) warningExpiresAt!: Date | null;
  @Column({ type: 'boolean', nullable: true }) ladoAgreedFinding!: boolean | null;
  @InstantColumn({ nullable: true }) subjectInformedAt!: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) subjectInformedDeferred!: string | null;
  @InstantColumn({ nullable: true }) parentsInformedAt!: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) parentsInformedDeferred!: string | null;
  /** The appeal window runs from the outcome letter's sent date. */
  @InstantColumn({ nullable: true }) outcomeLetterSentAt!: Date | null;
  @Column({ type: 'text', nullable: true }) appealGrounds!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) dbsDecision!: ReferralDecision | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) dbsDetail!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true })
  regulatorDecision!: ReferralDecision | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) regulatorDetail!: string | null;
  @InstantColumn({ nullable: true }) resignedAt!: Date | null;
  @InstantColumn({ nullable: true }) policeReferredAt!: Date | null;
  @InstantColumn({ nullable: true }) iwfReferredAt!: Date | null;
  /** The owner's last review of an open investigation (a note): the 20-day review runs from it. */
  @InstantColumn({ nullable: true }) lastReviewAt!: Date | null;
  /** The oldest takedown request the platform has not acted on (and not escalated to POSH). */
  @InstantColumn({ nullable: true }) takedownRequestedAt!: Date | null;
  /** Actions recorded (online abuse, pupil behaviour): an outcome needs at least one. */
  @Column({ type: 'integer' }) actionCount!: number;
  /** When support for the member of staff targeted was first recorded (online abuse). */
  @InstantColumn({ nullable: true }) supportOfferedAt!: Date | null;
  /** Decided at closing (DOMAIN.md §8): the end of the day after which the case may be deleted. */
  @InstantColumn({ nullable: true }) retainUntil!: Date | null;
  /** The retention rule that set it; null while the case is open. */
  @Column({ type: 'varchar', length: 48, nullable: true }) retentionRule!: RetentionRule | null;
  /** Allegations: the calendar date the subject reaches normal pension age. */
  @Column({ type: 'varchar', length: 10, nullable: true }) subjectPensionDate!: string | null;
  @Column({ type: 'boolean', nullable: true }) subjectConsentsToKeep!: boolean | null;
  /** Allegations: whether it may be mentioned in a reference (only ever when substantiated). */
  @Column({ type: 'boolean', nullable: true }) referenceMention!: boolean | null;
  /** Allegations: when the subject was given a copy of the outcome. */
  @InstantColumn({ nullable: true }) outcomeCopyGivenAt!: Date | null;
  /** The earliest running deadline (DOMAIN.md §6); null when none is running. */
  @InstantColumn({ nullable: true }) dueAt!: Date | null;
  /**
   * Set when this report was merged into another case (issue 21): it is closed, worked no more,
   * and its timeline and evidence are read on that case. Never cleared: a merge is not undone.
   */
  @IdColumn({ nullable: true }) mergedIntoCaseId!: string | null;
  @InstantColumn({ nullable: true }) mergedAt!: Date | null;
}

/** The columns a new report starts with empty: what the investigation will fill in. */
export const UNDECIDED: Pick<
  CaseRecord,
  | 'classification'
  | 'hrRequestedAt'
  | 'hrReachedAt'
  | 'hrAdviceCount'
  | 'lastHrAdviceAt'
  | 'ladoReferredAt'
  | 'finding'
  | 'sanction'
  | 'rationale'
  | 'governorSummary'
  | 'decidedAt'
  | 'appealLodgedAt'
  | 'appealResult'
  | 'appealDecidedAt'
  | 'closedAt'
  | 'dueAt'
  | 'reclassifiedAt'
  | 'holdAgency'
  | 'holdReviewDate'
  | 'investigatorId'
  | 'hearingManagerId'
  | 'hearingAt'
  | 'originalHearingAt'
  | 'hearingPlace'
  | 'invitationSentAt'
  | 'hearingHeldAt'
  | 'postponements'
  | 'response'
  | 'grossMisconduct'
  | 'warningExpiresAt'
  | 'ladoAgreedFinding'
  | 'subjectInformedAt'
  | 'subjectInformedDeferred'
  | 'parentsInformedAt'
  | 'parentsInformedDeferred'
  | 'outcomeLetterSentAt'
  | 'appealGrounds'
  | 'dbsDecision'
  | 'dbsDetail'
  | 'regulatorDecision'
  | 'regulatorDetail'
  | 'resignedAt'
  | 'policeReferredAt'
  | 'iwfReferredAt'
  | 'lastReviewAt'
  | 'takedownRequestedAt'
  | 'actionCount'
  | 'supportOfferedAt'
  | 'retainUntil'
  | 'retentionRule'
  | 'subjectPensionDate'
  | 'subjectConsentsToKeep'
  | 'referenceMention'
  | 'outcomeCopyGivenAt'
  | 'mergedIntoCaseId'
  | 'mergedAt'
> = Object.freeze({
  classification: null,
  hrRequestedAt: null,
  hrReachedAt: null,
  hrAdviceCount: 0,
  lastHrAdviceAt: null,
  ladoReferredAt: null,
  finding: null,
  sanction: null,
  rationale: null,
  governorSummary: null,
  decidedAt: null,
  appealLodgedAt: null,
  appealResult: null,
  appealDecidedAt: null,
  closedAt: null,
  dueAt: null,
  reclassifiedAt: null,
  holdAgency: null,
  holdReviewDate: null,
  investigatorId: null,
  hearingManagerId: null,
  hearingAt: null,
  originalHearingAt: null,
  hearingPlace: null,
  invitationSentAt: null,
  hearingHeldAt: null,
  postponements: 0,
  response: null,
  grossMisconduct: false,
  warningExpiresAt: null,
  ladoAgreedFinding: null,
  subjectInformedAt: null,
  subjectInformedDeferred: null,
  parentsInformedAt: null,
  parentsInformedDeferred: null,
  outcomeLetterSentAt: null,
  appealGrounds: null,
  dbsDecision: null,
  dbsDetail: null,
  regulatorDecision: null,
  regulatorDetail: null,
  resignedAt: null,
  policeReferredAt: null,
  iwfReferredAt: null,
  lastReviewAt: null,
  takedownRequestedAt: null,
  actionCount: 0,
  supportOfferedAt: null,
  retainUntil: null,
  retentionRule: null,
  subjectPensionDate: null,
  subjectConsentsToKeep: null,
  referenceMention: null,
  outcomeCopyGivenAt: null,
  mergedIntoCaseId: null,
  mergedAt: null,
});
