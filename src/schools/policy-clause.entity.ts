import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { IdColumn } from '../common/database/columns.js';

@Entity('policy_clause')
@Unique(['policyVersionId', 'code'])
export class PolicyClause {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() policyVersionId!: string;
  @Column({ type: 'varchar', length: 16 }) code!: string;
  @Column({ type: 'varchar', length: 300 }) title!: string;
  @Column({ type: 'integer' }) position!: number;
  /** The school's own words for the rule, when it came from an import; null for a title alone. */
  @Column({ type: 'text', nullable: true }) text!: string | null;
}
