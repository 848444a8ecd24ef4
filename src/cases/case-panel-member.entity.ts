import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, InstantColumn } from '../common/database/columns.js';

export const PANEL_PURPOSES = ['appeal', 'dismissal'] as const;
export type PanelPurpose = (typeof PANEL_PURPOSES)[number];

/**
 * A person appointed to hear a case: they see it from `appointedAt` until the hearing is
 * decided (`endedAt`), and never again through this row. Rows are never deleted.
 */
@Entity('case_panel_member')
export class CasePanelMember {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() caseId!: string;
  @IdColumn() userId!: string;
  @Column({ type: 'varchar', length: 16 }) purpose!: PanelPurpose;
  @InstantColumn() appointedAt!: Date;
  @IdColumn() appointedById!: string;
  @InstantColumn({ nullable: true }) endedAt!: Date | null;
}
