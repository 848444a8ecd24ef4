import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';
import type { Platform } from './case.constants.js';

/** One stored screenshot or document. The bytes live in the content-addressed store by hash. */
@Entity('evidence_item')
export class EvidenceItem {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() caseId!: string;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'integer' }) size!: number;
  /** Decided from the bytes, never from the client's claim. */
  @Column({ type: 'varchar', length: 64 }) mimeType!: string;
  @Column({ type: 'varchar', length: 20 }) platform!: Platform;
  @Column({ type: 'varchar', length: 2048, nullable: true }) postUrl!: string | null;
  /** When the screenshot was taken, as the client says; optional. */
  @InstantColumn({ nullable: true }) capturedAt!: Date | null;
  @InstantColumn() receivedAt!: Date;
  /** Metadata only, cleaned of paths and control characters; never used to name a file. */
  @Column({ type: 'varchar', length: 255, nullable: true }) clientFileName!: string | null;
  @IdColumn() addedById!: string;
}
