import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { FileStoreModule } from '../platform/file-store/file-store.module.js';
import { EvidenceJanitor } from './evidence-janitor.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceService } from './evidence.service.js';
import { MultipartReader } from './multipart-reader.js';
import { UploadFormReader } from './upload-form.reader.js';

@Module({
  imports: [CasesModule, AuditModule, FileStoreModule],
  controllers: [EvidenceController],
  providers: [
    {
      provide: MultipartReader,
      inject: [FileStore],
      useFactory: (s: FileStore) => new MultipartReader(s),
    },
    UploadFormReader,
    EvidenceService,
    EvidenceJanitor,
  ],
  exports: [EvidenceService, UploadFormReader],
})
export class EvidenceModule {}
