import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuditFiguresService } from './audit-figures.service.js';
import { AuditVerificationController } from './audit-verification.controller.js';

/** The school's records as a whole: audit verification (and, later, retention and requests). */
@Module({
  imports: [AuditModule],
  controllers: [AuditVerificationController],
  providers: [AuditFiguresService],
  exports: [AuditFiguresService],
})
export class RecordsModule {}
