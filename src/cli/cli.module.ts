import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '../../database/database.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CommonModule } from '../common/common.module.js';
import { ConfigModule } from '../config/config.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { TranslationModule } from '../platform/i18n/translation.module.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { AdminCommands } from './admin-commands.js';
import { NoJobQueue } from './no-job-queue.js';

/** The queue the features' modules inject, as the CLI has it: one that runs nothing. */
@Global()
@Module({ providers: [{ provide: JobQueue, useClass: NoJobQueue }], exports: [JobQueue] })
class CliQueueModule {}

/** What `npm run cli` needs: the same config and database as the app, without HTTP or demo data. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    CommonModule,
    CliQueueModule,
    AuditModule,
    UsersModule,
    SchoolsModule,
    AuthModule,
    // Mail the CLI queues (an invitation) is worded in its reader's language.
    TranslationModule,
  ],
  providers: [AdminCommands],
})
export class CliModule {}
