import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from './data-source.js';

/** The TypeORM connection as the app and the CLI both open it: pending migrations run first. */
export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), migrationsRun: true }),
});
