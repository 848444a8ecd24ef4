import { Module } from '@nestjs/common';
import { WorkingDayCalendar } from '../common/clock/working-days.js';
import { AppConfig } from '../config/app-config.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CaseEntriesService } from './case-entries.service.js';
import { CaseNotices } from './case-notices.js';
import { CaseOwnershipService } from './case-ownership.service.js';
import { CaseTransitionsService } from './case-transitions.service.js';
import { CaseWriter } from './case-writer.js';
import { CaseStatisticsService } from './case-statistics.service.js';
import { OverdueReminders } from './overdue-reminders.js';
import { CaseSchedules } from './case-schedules.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Module({
  imports: [UsersModule, SchoolsModule, NotificationsModule, AuditModule],
  controllers: [CasesController],
  providers: [
    CasesService,
    CaseWriter,
    CaseNotices,
    CaseTransitionsService,
    CaseEntriesService,
    CaseOwnershipService,
    OverdueReminders,
    CaseSchedules,
    CaseStatisticsService,
    {
      provide: WorkingDayCalendar,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new WorkingDayCalendar(config.extraBankHolidays),
    },
  ],
  exports: [
    CasesService,
    CaseWriter,
    WorkingDayCalendar,
    CaseTransitionsService,
    CaseEntriesService,
    CaseOwnershipService,
    CaseStatisticsService,
  ],
})
export class CasesModule {}
