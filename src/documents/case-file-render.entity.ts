import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';
import type { Language } from '../common/language.js';
import type { CaseFileVariant } from './issued-document.entity.js';

export type CaseFileRenderStatus = 'queued' | 'ready' | 'failed';

/**
 * A big case file rendered in the background for one person: asked for, then ready (its bytes
 * kept until the case changes or a day passes) or failed. Kept in the database rather than the
 * evidence store, whose janitor removes any file no evidence row holds.
 */
@Entity('case_file_render')
export class CaseFileRender {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() caseId!: string;
  @IdColumn() schoolId!: string;
  @Column({ type: 'varchar', length: 16 }) variant!: Extract<CaseFileVariant, 'hr' | 'governors'>;
  @IdColumn() requestedById!: string;
  /**
   * The case's last timeline event when asked for: every change to a case is an event, so a
   * later one (a note, evidence, a move) makes the file out of date.
   */
  @Column({ type: 'integer' }) lastEventSeq!: number;
  @Column({ type: 'varchar', length: 16 }) status!: CaseFileRenderStatus;
  /** The language it is made in (the requester's): switching language asks for a new one. */
  @Column({ type: 'varchar', length: 2 }) language!: Language;
  /** The evidence images it holds, as the download that asked for it counted them. */
  @Column({ type: 'integer' }) imageCount!: number;
  @InstantColumn() requestedAt!: Date;
  @InstantColumn({ nullable: true }) finishedAt!: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) failureCode!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) filename!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) pdfSha256!: string | null;
  @Column({ type: 'text', nullable: true }) pdfBase64!: string | null;
}
