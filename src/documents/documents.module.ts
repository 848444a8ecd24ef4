import { Logger, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { AppConfig } from '../config/app-config.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { SchoolsModule } from '../schools/schools.module.js';
import { UsersModule } from '../users/users.module.js';
import { CaseFileContent } from './case-file-content.js';
import { CaseFilesService } from './case-files.service.js';
import { locateChromium } from './chromium-locator.js';
import { DocumentsController } from './documents.controller.js';
import { IssuedDocumentsService } from './issued-documents.service.js';
import { PdfRenderer } from './pdf-renderer.js';
import { TemplateRenderer } from './template-renderer.js';
import { findTemplatesRoot } from './templates-root.js';

function chromiumPath(config: AppConfig): string {
  try {
    return locateChromium(config.chromiumPath ?? undefined);
  } catch (error) {
    // The app still serves everything else; each PDF request then fails with a clear 503.
    new Logger('Documents').warn((error as Error).message);
    return config.chromiumPath ?? '/usr/bin/chromium';
  }
}

@Module({
  imports: [CasesModule, EvidenceModule, SchoolsModule, UsersModule, AuditModule],
  controllers: [DocumentsController],
  providers: [
    // Compiled once at boot; only files under templates/ are ever compiled.
    { provide: TemplateRenderer, useFactory: () => new TemplateRenderer(findTemplatesRoot()) },
    {
      provide: PdfRenderer,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new PdfRenderer({
          executablePath: chromiumPath(config),
          concurrency: config.pdfConcurrency,
          timeoutMs: config.pdfTimeoutMs,
        }),
    },
    CaseFileContent,
    CaseFilesService,
    IssuedDocumentsService,
  ],
  exports: [TemplateRenderer, CaseFilesService, PdfRenderer],
})
export class DocumentsModule {}
