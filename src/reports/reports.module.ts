import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UploadsModule } from '../platform/uploads/uploads.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { ReportIntakeService } from './report-intake.service.js';
import { ReportsController } from './reports.controller.js';

@Module({
  imports: [
    CasesModule,
    EvidenceModule,
    UploadsModule,
    SchoolsModule,
    UsersModule,
    NotificationsModule,
    AuditModule,
  ],
  controllers: [ReportsController],
  providers: [ReportIntakeService],
  exports: [ReportIntakeService],
})
export class ReportsModule {}
