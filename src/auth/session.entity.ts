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
  /** Touched at most once a minute; a session idle for longer than the limit has ended. */
  @InstantColumn({ nullable: true }) lastSeenAt!: Date | null;
  @Column({ type: 'varchar', length: 16 }) method!: SignInMethod;
  @Column({ type: 'boolean' }) pendingEnrolment!: boolean;
}

/** How the person proved who they are: the school's provider answers for its own second factor. */
export type SignInMethod = 'password' | 'password+2fa' | 'sso';
