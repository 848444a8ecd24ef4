import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ErrorPages } from '../common/filters/error-pages.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TemplatesModule } from '../platform/templates/templates.module.js';
import { UploadsModule } from '../platform/uploads/uploads.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { RecordsModule } from '../records/records.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { PeopleModule } from '../people/people.module.js';
import { AccountPagesController } from './account-pages.controller.js';
import { AccountPagesService } from './account-pages.service.js';
import { AdminPagesService } from './admin-pages.service.js';
import { AuthPagesController } from './auth-pages.controller.js';
import { AuthPagesService } from './auth-pages.service.js';
import { BoardPagesController } from './board-pages.controller.js';
import { CasePagesController } from './case-pages.controller.js';
import { CasePagesService } from './case-pages.service.js';
import { LegalHoldPagesController } from './legal-hold-pages.controller.js';
import { LegalHoldPagesService } from './legal-hold-pages.service.js';
import { CsrfService } from './csrf.service.js';
import { WebErrorPages } from './error-pages.js';
import { GovernorPagesService } from './governor-pages.service.js';
import { NotificationPagesController } from './notification-pages.controller.js';
import { NotificationPagesService } from './notification-pages.service.js';
import { PageContext } from './page-context.js';
import { AcknowledgementPagesController } from './acknowledgement-pages.controller.js';
import { AcknowledgementPagesService } from './acknowledgement-pages.service.js';
import { PolicyPagesController } from './policy-pages.controller.js';
import { PolicyPagesService } from './policy-pages.service.js';
import { PageResultInterceptor } from './page-result.js';
import { PasswordPagesController } from './password-pages.controller.js';
import { PasswordPagesService } from './password-pages.service.js';
import { PeoplePagesController } from './people-pages.controller.js';
import { PeoplePagesService } from './people-pages.service.js';
import { SettingsPagesController } from './settings-pages.controller.js';
import { SettingsPagesService } from './settings-pages.service.js';
import { SubjectAccessPagesController } from './subject-access-pages.controller.js';
import { SubjectAccessPagesService } from './subject-access-pages.service.js';
import { ReportPagesController } from './report-pages.controller.js';
import { ReportPagesService } from './report-pages.service.js';
import { LanguagePagesController } from './language-pages.controller.js';

/** Server-rendered pages. Page services only build view models over the feature services. */
@Module({
  imports: [
    NotificationsModule,
    AuthModule,
    UsersModule,
    SchoolsModule,
    CasesModule,
    EvidenceModule,
    ReportsModule,
    DocumentsModule,
    TemplatesModule,
    UploadsModule,
    AuditModule,
    RecordsModule,
    PeopleModule,
  ],
  controllers: [
    AuthPagesController,
    AccountPagesController,
    PeoplePagesController,
    SettingsPagesController,
    SubjectAccessPagesController,
    PasswordPagesController,
    ReportPagesController,
    CasePagesController,
    LegalHoldPagesController,
    BoardPagesController,
    NotificationPagesController,
    PolicyPagesController,
    AcknowledgementPagesController,
    LanguagePagesController,
  ],
  providers: [
    CsrfService,
    PageContext,
    PageResultInterceptor,
    AuthPagesService,
    AccountPagesService,
    PeoplePagesService,
    SettingsPagesService,
    SubjectAccessPagesService,
    PasswordPagesService,
    ReportPagesService,
    CasePagesService,
    LegalHoldPagesService,
    GovernorPagesService,
    AdminPagesService,
    NotificationPagesService,
    PolicyPagesService,
    AcknowledgementPagesService,
    // For the global error filter: page requests get an error page, not JSON.
    { provide: ErrorPages, useClass: WebErrorPages },
  ],
  exports: [CsrfService, PageContext, ErrorPages],
})
export class WebModule {}
