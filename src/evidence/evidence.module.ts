import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FileStoreModule } from '../platform/file-store/file-store.module.js';
import { UploadsModule } from '../platform/uploads/uploads.module.js';
import { AppConfig } from '../config/app-config.js';
import { setBackgroundNiceness } from '../platform/images/image-work.js';
import { TextReader } from '../platform/ocr/text-reader.js';
import { EvidenceJanitor } from './evidence-janitor.js';
import { EvidenceTextJob } from './evidence-text.job.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceRenditionsService } from './evidence-renditions.service.js';
import { EvidenceService } from './evidence.service.js';

@Module({
  imports: [CasesModule, AuditModule, FileStoreModule, UploadsModule, NotificationsModule],
  controllers: [EvidenceController],
  providers: [
    EvidenceService,
    EvidenceRenditionsService,
    EvidenceJanitor,
    EvidenceTextJob,
    TextReader,
  ],
  exports: [EvidenceService, EvidenceRenditionsService],
})
export class EvidenceModule implements OnModuleInit {
  constructor(private readonly config: AppConfig) {}

  /** The image worker and tesseract, which this module's jobs start, run at this priority. */
  onModuleInit(): void {
    setBackgroundNiceness(this.config.backgroundNiceness);
  }
}
