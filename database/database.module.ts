import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from './data-source.js';
import { openMigrated } from './run-migrations.js';

/**
 * The TypeORM connection as the app and the CLI both open it: pending migrations run first,
 * under a lock on PostgreSQL (not through `migrationsRun`, which takes none).
 */
export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => dataSourceOptions(config),
  dataSourceFactory: async (options) => openMigrated(new DataSource(options!)),
});
