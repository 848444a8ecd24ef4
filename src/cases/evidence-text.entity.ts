import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';

/**
 * Text read by machine from an evidence image, by the image's SHA-256 (the store is
 * content-addressed, so the same bytes are read once). For the owner's and HR's search and the
 * HR file only: never the governors', never a log line.
 */
@Entity('evidence_text')
export class EvidenceText {
  @PrimaryColumn({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'varchar', length: 120 }) engine!: string;
  /** 64-bit dHash in hex (platform/ocr/perceptual-hash); null if the image could not be decoded. */
  @Column({ type: 'varchar', length: 16, nullable: true }) perceptualHash!: string | null;
  @InstantColumn() readAt!: Date;
}
