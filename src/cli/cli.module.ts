import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../database/database.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CommonModule } from '../common/common.module.js';
import { ConfigModule } from '../config/config.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminCommands } from './admin-commands.js';

/** What `npm run cli` needs: the same config and database as the app, without HTTP or demo data. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    CommonModule,
    AuditModule,
    UsersModule,
    SchoolsModule,
    AuthModule,
  ],
  providers: [AdminCommands],
})
export class CliModule {}
