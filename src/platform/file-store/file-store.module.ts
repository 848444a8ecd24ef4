import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { FileStore } from './file-store.js';
import { LocalFileStore } from './local-file-store.js';

/**
 * One store per process: whoever receives a file and whoever commits it must share the store's
 * memory of what it moved in (see FileStore.movedIn).
 */
@Module({
  providers: [
    {
      provide: FileStore,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LocalFileStore(config.dataDir),
    },
  ],
  exports: [FileStore],
})
export class FileStoreModule {}
