import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EvidenceStore } from './evidence-store.js';

/** Instances sharing an evidence directory (PostgreSQL deployments) leave each other's live uploads alone. */
const SHARED_STORE_GRACE_MS = 15 * 60 * 1000;

/** At start-up, deletes temp files an earlier crash left half-written. */
@Injectable()
export class EvidenceJanitor implements OnModuleInit {
  private readonly logger = new Logger(EvidenceJanitor.name);

  constructor(
    private readonly store: EvidenceStore,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // SQLite means one app process: everything in tmp/ is from a previous run.
    const removed = await this.store.sweepTemp(this.config.isPostgres ? SHARED_STORE_GRACE_MS : 0);
    if (removed > 0)
      this.logger.warn(`removed ${removed} temporary upload file(s) left by an earlier run`);
  }
}
