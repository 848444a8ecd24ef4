import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../../common/database/columns.js';

/** An authenticator app (RFC 6238). The shared key is sealed by SecretBox, never stored bare. */
@Entity('totp_credential')
export class TotpCredential {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() userId!: string;
  @Column({ type: 'text' }) secret!: string;
  @InstantColumn() createdAt!: Date;
  /** Null until the person has typed one code from the app: until then it is not a factor. */
  @InstantColumn({ nullable: true }) confirmedAt!: Date | null;
  /** The time step of the last accepted code; a code is never accepted twice. */
  @Column({ type: 'integer', nullable: true }) lastTimeStep!: number | null;
  @InstantColumn({ nullable: true }) revokedAt!: Date | null;
}

/** One-time recovery codes, for a lost phone. Only their SHA-256 is kept. */
@Entity('recovery_code')
export class RecoveryCode {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() userId!: string;
  @Column({ type: 'varchar', length: 64, unique: true }) codeHash!: string;
  @InstantColumn() createdAt!: Date;
  @InstantColumn({ nullable: true }) usedAt!: Date | null;
  @InstantColumn({ nullable: true }) revokedAt!: Date | null;
}

/** A WebAuthn credential (passkey): its public key and signature counter. */
@Entity('passkey_credential')
export class PasskeyCredential {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() userId!: string;
  /** base64url, as the browser reports it. */
  @Column({ type: 'varchar', length: 512, unique: true }) credentialId!: string;
  /** COSE public key, base64url. */
  @Column({ type: 'text' }) publicKey!: string;
  @Column({
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) },
  })
  counter!: number;
  /** Comma-separated transports the authenticator reported (usb, internal, hybrid...). */
  @Column({ type: 'varchar', length: 200 }) transports!: string;
  @Column({ type: 'varchar', length: 100 }) label!: string;
  @InstantColumn() createdAt!: Date;
  @InstantColumn({ nullable: true }) lastUsedAt!: Date | null;
  @InstantColumn({ nullable: true }) revokedAt!: Date | null;
}
