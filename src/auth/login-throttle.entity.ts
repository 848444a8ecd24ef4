import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns.js';

/**
 * Failed-login counters live in the database, not in process memory, so every app instance
 * sharing one PostgreSQL sees the same counts. Keys are HMACs, never raw emails or addresses.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 80 }) key!: string;
  @InstantColumn() windowStartedAt!: Date;
  @Column({ type: 'integer' }) failures!: number;
}
