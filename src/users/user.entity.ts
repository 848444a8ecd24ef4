import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';
import type { Language } from '../common/language.js';

@Entity('app_user')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /** Stored lower-cased so look-ups are exact. */
  @Column({ type: 'varchar', length: 320, unique: true }) email!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  /** argon2id; never leaves the users and auth services. */
  @Column({ type: 'varchar', length: 200 }) passwordHash!: string;
  @InstantColumn() createdAt!: Date;
  @InstantColumn({ nullable: true }) disabledAt!: Date | null;
  /** 'en' or 'cy' when the person chose; null follows their school's default. */
  @Column({ type: 'varchar', length: 2, nullable: true }) language!: Language | null;
}
