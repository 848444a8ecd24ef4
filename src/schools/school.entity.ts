import { Entity, PrimaryColumn, Column } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';
import type { Nation } from '../common/nation.js';
import type { Language } from '../common/language.js';

@Entity('school')
export class School {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /** Short upper-case code used in case references, e.g. OAK in OAK-2026-0007. */
  @Column({ type: 'varchar', length: 8, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  /** Chooses the procedure words and referral bodies (DOMAIN.md §1, §5). */
  @Column({ type: 'varchar', length: 8 }) nation!: Nation;
  /** The language of the school's pages, mail and PDFs for people who have not chosen. */
  @Column({ type: 'varchar', length: 2, default: 'en' }) language!: Language;
  @InstantColumn() createdAt!: Date;
}
