import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { AppConfig } from '../config/app-config.js';
import { EvidenceJanitor } from './evidence-janitor.js';
import { EvidenceStore } from './evidence-store.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceService } from './evidence.service.js';
import { MultipartReader } from './multipart-reader.js';
import { UploadFormReader } from './upload-form.reader.js';

@Module({
  imports: [CasesModule, AuditModule],
  controllers: [EvidenceController],
  providers: [
    {
      provide: EvidenceStore,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new EvidenceStore(c.dataDir),
    },
    {
      provide: MultipartReader,
      inject: [EvidenceStore],
      useFactory: (s: EvidenceStore) => new MultipartReader(s),
    },
    UploadFormReader,
    EvidenceService,
    EvidenceJanitor,
  ],
  exports: [EvidenceService, UploadFormReader, EvidenceStore],
})
export class EvidenceModule {}
