import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';

const EVERY_SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * SQLite plans from table statistics it only gathers when asked. An install that grows from
 * empty to many cases would otherwise keep planning as if it were empty. PostgreSQL's
 * autovacuum does this by itself.
 */
@Injectable()
export class DatabaseMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseMaintenance.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.isPostgres) return;
    this.timer = setInterval(() => {
      this.dataSource
        .query('PRAGMA optimize')
        .catch((error: Error) => this.logger.warn(`PRAGMA optimize failed: ${error.message}`));
    }, EVERY_SIX_HOURS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
