import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { DatabaseModule } from '../database/database.module.js';
import { DemoSeeder } from '../database/seeds/demo.seeder.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { PersonLimitGuard } from './auth/throttle/person-limits.js';
import { CommonModule } from './common/common.module.js';
import { ErrorFilter } from './common/filters/error.filter.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { AccessGuard } from './auth/access.guard.js';
import { CsrfGuard } from './web/csrf.guard.js';
import { validationPipe } from './common/validation.pipe.js';
import { ConfigModule } from './config/config.module.js';
import { HealthModule } from './health/health.module.js';
import { QueueModule } from './platform/queue/queue.module.js';
import { CasesModule } from './cases/cases.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { RecordsModule } from './records/records.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { WebModule } from './web/web.module.js';
import { SchoolsModule } from './schools/schools.module.js';
import { UsersModule } from './users/users.module.js';
import { PeopleModule } from './people/people.module.js';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    CommonModule,
    QueueModule,
    AuditModule,
    UsersModule,
    SchoolsModule,
    AuthModule,
    HealthModule,
    CasesModule,
    EvidenceModule,
    ReportsModule,
    DocumentsModule,
    RecordsModule,
    PeopleModule,
    WebModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    // After the access guard, which has established who is calling.
    { provide: APP_GUARD, useClass: CsrfGuard },
    // Last: counts a call against the caller's own limit only once it is known to be allowed.
    { provide: APP_GUARD, useClass: PersonLimitGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_PIPE, useValue: validationPipe() },
    DemoSeeder,
  ],
})
export class AppModule {}
