import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FileStoreModule } from '../platform/file-store/file-store.module.js';
import { PdfModule } from '../platform/pdf/pdf.module.js';
import { TemplatesModule } from '../platform/templates/templates.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { CaseFileContent } from './case-file-content.js';
import { CaseFileRendersService } from './case-file-renders.service.js';
import { CaseFilesService } from './case-files.service.js';
import { CaseLettersService } from './case-letters.service.js';
import { DocumentsController } from './documents.controller.js';
import { EvidencePacksService } from './evidence-packs.service.js';
import { IssuedDocumentsService } from './issued-documents.service.js';
import { LetterContent } from './letter-content.js';
import { SubjectAccessExportService } from './subject-access-export.service.js';
import { TermlyReportController } from './termly-report.controller.js';
import { TermlyReportService } from './termly-report.service.js';

@Module({
  imports: [
    CasesModule,
    EvidenceModule,
    FileStoreModule,
    PdfModule,
    TemplatesModule,
    SchoolsModule,
    UsersModule,
    AuditModule,
    NotificationsModule,
  ],
  controllers: [DocumentsController, TermlyReportController],
  providers: [
    CaseFileContent,
    CaseFilesService,
    CaseFileRendersService,
    LetterContent,
    CaseLettersService,
    EvidencePacksService,
    IssuedDocumentsService,
    TermlyReportService,
    SubjectAccessExportService,
  ],
  exports: [CaseFilesService, CaseLettersService, SubjectAccessExportService],
})
export class DocumentsModule {}
