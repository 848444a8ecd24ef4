import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { UsersModule } from '../users/users.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FileStoreModule } from '../platform/file-store/file-store.module.js';
import { RetentionDeletionService } from './retention-deletion.service.js';
import { AuditFiguresService } from './audit-figures.service.js';
import { AuditVerificationController } from './audit-verification.controller.js';
import { LegalHoldsController } from './legal-holds.controller.js';
import { LegalHoldsService } from './legal-holds.service.js';
import { SubjectAccessReminders } from './subject-access-reminders.js';
import { SubjectAccessController } from './subject-access.controller.js';
import { SubjectAccessService } from './subject-access.service.js';

/** The school's records as a whole: audit verification, legal holds, deletion, subject access. */
@Module({
  imports: [
    AuditModule,
    CasesModule,
    DocumentsModule,
    NotificationsModule,
    FileStoreModule,
    UsersModule,
  ],
  controllers: [AuditVerificationController, LegalHoldsController, SubjectAccessController],
  providers: [
    AuditFiguresService,
    LegalHoldsService,
    RetentionDeletionService,
    SubjectAccessService,
    SubjectAccessReminders,
  ],
  exports: [
    AuditFiguresService,
    LegalHoldsService,
    RetentionDeletionService,
    SubjectAccessService,
    SubjectAccessReminders,
  ],
})
export class RecordsModule {}
