import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

/** Only the SHA-256 of the bearer token is stored: a copy of the table logs no one in. */
@Entity('session')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() userId!: string;
  @Column({ type: 'varchar', length: 64, unique: true }) tokenHash!: string;
  @InstantColumn() createdAt!: Date;
  @InstantColumn() expiresAt!: Date;
  @InstantColumn({ nullable: true }) revokedAt!: Date | null;
}
