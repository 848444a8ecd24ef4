import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock/clock.js';
import { SecretBox } from './crypto/secret-box.js';
import { DatabaseMaintenance } from './database/database-maintenance.js';
import { DatabaseVersion } from './database/database-version.js';
import { TransactionRunner } from './database/transaction-runner.js';
import { ResponseCache } from './http/response-cache.js';

/** Cross-cutting adapters every feature module may inject. */
@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    TransactionRunner,
    DatabaseMaintenance,
    SecretBox,
    DatabaseVersion,
    ResponseCache,
  ],
  exports: [Clock, TransactionRunner, SecretBox, DatabaseVersion, ResponseCache],
})
export class CommonModule {}
