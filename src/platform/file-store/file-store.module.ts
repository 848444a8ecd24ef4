import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { FileStore } from './file-store.js';
import { LocalFileStore } from './local-file-store.js';

/**
 * One store per process: whoever receives a file and whoever commits it must share the store's
 * memory of what it moved in (see FileStore.movedIn). EVIDENCE_STORE picks which.
 */
@Module({
  providers: [
    {
      provide: FileStore,
      inject: [AppConfig],
      // The S3 client (half a second of imports) is loaded only when the store is S3.
      useFactory: async (config: AppConfig): Promise<FileStore> =>
        config.evidenceStore.kind === 's3'
          ? (await import('./s3-file-store.js')).S3FileStore.fromConfig(
              config.evidenceStore,
              config.dataDir,
            )
          : new LocalFileStore(config.dataDir),
    },
  ],
  exports: [FileStore],
})
export class FileStoreModule {}
