import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

const json = {
  to: (value: string[]) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as string[],
};

/** A school's own rules for its procedures; a school without a row uses DOMAIN.md's defaults. */
@Entity('school_settings')
export class SchoolSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 }) schoolId!: string;
  /** Working days between the hearing invitation and the hearing. */
  @Column({ type: 'integer' }) noticeWorkingDays!: number;
  /** Working days from the outcome letter in which an appeal may be lodged. */
  @Column({ type: 'integer' }) appealWindowWorkingDays!: number;
  @Column({ type: 'integer' }) firstWarningMonths!: number;
  @Column({ type: 'integer' }) finalWarningMonths!: number;
  /** Dismissal decided by a panel of at least three governors (maintained schools). */
  @Column({ type: 'boolean' }) dismissalByPanel!: boolean;
  /** A second low-level concern about one adult within this many months raises a review notice. */
  @Column({ type: 'integer' }) llcPatternMonths!: number;
  /** The school's own closure days (YYYY-MM-DD), on top of its nation's bank holidays. */
  @Column({ type: 'text', transformer: json }) closureDays!: string[];
  /** Years after closing a case of each kind is kept (DOMAIN.md §8: the school's schedule). */
  @Column({ type: 'integer' }) retentionConductYears!: number;
  @Column({ type: 'integer' }) retentionOnlineAbuseYears!: number;
  @Column({ type: 'integer' }) retentionPupilBehaviourYears!: number;
  @InstantColumn() updatedAt!: Date;
  @IdColumn({ nullable: true }) updatedById!: string | null;
}
