import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FileStoreModule } from '../platform/file-store/file-store.module.js';
import { RetentionDeletionService } from './retention-deletion.service.js';
import { AuditFiguresService } from './audit-figures.service.js';
import { AuditVerificationController } from './audit-verification.controller.js';
import { LegalHoldsController } from './legal-holds.controller.js';
import { LegalHoldsService } from './legal-holds.service.js';

/** The school's records as a whole: audit verification, legal holds (and, later, deletion and requests). */
@Module({
  imports: [AuditModule, CasesModule, NotificationsModule, FileStoreModule],
  controllers: [AuditVerificationController, LegalHoldsController],
  providers: [AuditFiguresService, LegalHoldsService, RetentionDeletionService],
  exports: [AuditFiguresService, LegalHoldsService, RetentionDeletionService],
})
export class RecordsModule {}
