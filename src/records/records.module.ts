import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { AuditFiguresService } from './audit-figures.service.js';
import { AuditVerificationController } from './audit-verification.controller.js';
import { LegalHoldsController } from './legal-holds.controller.js';
import { LegalHoldsService } from './legal-holds.service.js';

/** The school's records as a whole: audit verification, legal holds (and, later, deletion and requests). */
@Module({
  imports: [AuditModule, CasesModule],
  controllers: [AuditVerificationController, LegalHoldsController],
  providers: [AuditFiguresService, LegalHoldsService],
  exports: [AuditFiguresService, LegalHoldsService],
})
export class RecordsModule {}
