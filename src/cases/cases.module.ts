import { Module } from '@nestjs/common';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CaseEntriesService } from './case-entries.service.js';
import { CaseNotices } from './case-notices.js';
import { CaseOwnershipService } from './case-ownership.service.js';
import { CaseTrackEntriesService } from './case-track-entries.service.js';
import { CaseTransitionsService } from './case-transitions.service.js';
import { CaseWriter } from './case-writer.js';
import { CaseStatisticsService } from './case-statistics.service.js';
import { TermlyFiguresService } from './termly-figures.service.js';
import { CaseMessagesService } from './case-messages.service.js';
import { SimilarEvidenceService } from './similar-evidence.service.js';
import { OverdueReminders } from './overdue-reminders.js';
import { PolicyReviewReminders } from './policy-review-reminders.js';
import { CaseSchedules } from './case-schedules.js';
import { CasesController } from './cases.controller.js';
import { SchoolSettingsController } from './school-settings.controller.js';
import { SchoolSettingsService } from './school-settings.service.js';
import { CasesService } from './cases.service.js';
import { SchoolRulesService } from './school-rules.service.js';
import { LowLevelConcerns } from './low-level-concerns.js';
import { LowLevelConcernsController } from './low-level-concerns.controller.js';

@Module({
  imports: [UsersModule, SchoolsModule, NotificationsModule, AuditModule],
  controllers: [CasesController, LowLevelConcernsController, SchoolSettingsController],
  providers: [
    CasesService,
    SchoolSettingsService,
    CaseWriter,
    CaseNotices,
    CaseTransitionsService,
    CaseEntriesService,
    CaseOwnershipService,
    CaseTrackEntriesService,
    OverdueReminders,
    PolicyReviewReminders,
    CaseSchedules,
    CaseStatisticsService,
    TermlyFiguresService,
    CaseMessagesService,
    SimilarEvidenceService,
    SchoolRulesService,
    LowLevelConcerns,
  ],
  exports: [
    CaseNotices,
    LowLevelConcerns,
    CasesService,
    CaseWriter,
    SchoolRulesService,
    CaseTransitionsService,
    CaseEntriesService,
    CaseOwnershipService,
    CaseTrackEntriesService,
    CaseStatisticsService,
    TermlyFiguresService,
    CaseMessagesService,
    SimilarEvidenceService,
    SchoolSettingsService,
  ],
})
export class CasesModule {}
