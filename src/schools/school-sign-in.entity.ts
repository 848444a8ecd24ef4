import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

/** A school's own OpenID Connect provider (Microsoft 365, Google Workspace, ...). */
@Entity('school_sign_in')
export class SchoolSignIn {
  @PrimaryColumn({ type: 'varchar', length: 36 }) schoolId!: string;
  @Column({ type: 'boolean' }) enabled!: boolean;
  @Column({ type: 'varchar', length: 500 }) issuer!: string;
  @Column({ type: 'varchar', length: 300 }) clientId!: string;
  /** Sealed by SecretBox (purpose `oidc-client-secret`); never returned, never logged. */
  @Column({ type: 'text' }) clientSecret!: string;
  /** Comma-separated lower-case domains whose verified addresses may sign in. */
  @Column({ type: 'varchar', length: 1000 }) allowedDomains!: string;
  /** Gives the staff role to a verified person of an allowed domain who has no account yet. */
  @Column({ type: 'boolean' }) staffForUnknownPeople!: boolean;
  @InstantColumn() updatedAt!: Date;
  @IdColumn({ nullable: true }) updatedById!: string | null;
}
