import { Module } from '@nestjs/common';
import { FileStore } from '../file-store/file-store.js';
import { FileStoreModule } from '../file-store/file-store.module.js';
import { MultipartReader } from './multipart-reader.js';
import { UploadFormReader } from './upload-form.reader.js';

/**
 * Multipart forms streamed into the file store, read into a validated DTO plus files: by
 * @ReadUploadForm on a route, or by UploadFormReader where a page handles its own refusals.
 */
@Module({
  imports: [FileStoreModule],
  providers: [
    {
      provide: MultipartReader,
      inject: [FileStore],
      useFactory: (store: FileStore) => new MultipartReader(store),
    },
    UploadFormReader,
  ],
  exports: [UploadFormReader],
})
export class UploadsModule {}
