import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../../common/database/columns.js';

export type AuthTokenPurpose =
  | 'invitation'
  | 'password_reset'
  | 'second_factor'
  | 'passkey_registration'
  | 'passkey_authentication'
  | 'oidc';

/**
 * A single-use, short-lived token: an invitation or reset link, a second-factor challenge, a
 * WebAuthn challenge, an OpenID sign-in's state. Only the token's SHA-256 is stored.
 */
@Entity('auth_token')
export class AuthToken {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn({ nullable: true }) userId!: string | null;
  @Column({ type: 'varchar', length: 32 }) purpose!: AuthTokenPurpose;
  @Column({ type: 'varchar', length: 64, unique: true }) tokenHash!: string;
  /** What the step after needs (a WebAuthn challenge, a PKCE verifier); never a password. */
  @Column({ type: 'text', nullable: true }) payload!: string | null;
  @InstantColumn() createdAt!: Date;
  @InstantColumn() expiresAt!: Date;
  @InstantColumn({ nullable: true }) usedAt!: Date | null;
}
