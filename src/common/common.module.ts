import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock/clock.js';
import { SecretBox } from './crypto/secret-box.js';
import { DatabaseMaintenance } from './database/database-maintenance.js';
import { TransactionRunner } from './database/transaction-runner.js';

/** Cross-cutting adapters every feature module may inject. */
@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    TransactionRunner,
    DatabaseMaintenance,
    SecretBox,
  ],
  exports: [Clock, TransactionRunner, SecretBox],
})
export class CommonModule {}
