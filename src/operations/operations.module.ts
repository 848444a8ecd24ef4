import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock/clock.js';
import { ConfigModule } from '../config/config.module.js';
import { FileStoreModule } from '../platform/file-store/file-store.module.js';
import { BackupService } from './backup.service.js';
import { RestoreService } from './restore.service.js';

/**
 * What `npm run backup` and `npm run restore` need: the configuration, a clock and the evidence
 * store (a directory or a bucket), but not the app's database connection. A backup reads the database its own way, and a restore must not
 * open (and migrate) the database it is about to replace.
 */
@Module({
  imports: [ConfigModule, FileStoreModule],
  providers: [{ provide: Clock, useClass: SystemClock }, BackupService, RestoreService],
})
export class OperationsModule {}
