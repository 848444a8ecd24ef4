import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';

/**
 * The print rendition of one evidence image: derived data, made once after upload by a job,
 * stored in the evidence store under its own SHA-256 beside the original (which it never
 * replaces). Deleting it loses nothing: a case file then embeds the original.
 */
@Entity('evidence_rendition')
export class EvidenceRendition {
  @PrimaryColumn({ type: 'varchar', length: 36 }) evidenceId!: string;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'varchar', length: 64 }) mimeType!: string;
  @Column({ type: 'integer' }) size!: number;
  @Column({ type: 'integer' }) width!: number;
  @Column({ type: 'integer' }) height!: number;
  /** The original's pixel size, upright, printed beside the rendition. */
  @Column({ type: 'integer' }) originalWidth!: number;
  @Column({ type: 'integer' }) originalHeight!: number;
  @InstantColumn() createdAt!: Date;
}
