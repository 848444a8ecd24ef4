import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { EvidenceItem } from '../cases/evidence-item.entity.js';
import { EvidenceRendition } from './evidence-rendition.entity.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { JobQueue } from '../platform/queue/job-queue.js';

const BATCH = 500;

/**
 * At start-up, clears what an earlier crash left: half-written temp uploads, and files that
 * reached the store but whose report never committed (a file is stored just before its row
 * commits, so a crash in between leaves a screenshot nobody's record mentions: it must not stay).
 * Several instances can run for weeks without one restarting, so the same sweep also runs
 * nightly, once across all of them, sparing what is younger than the grace period
 * (EVIDENCE_SWEEP_GRACE_MINUTES), so instances sharing a store leave each other's live work alone.
 */
@Injectable()
export class EvidenceJanitor implements OnModuleInit {
  private readonly logger = new Logger(EvidenceJanitor.name);

  constructor(
    private readonly store: FileStore,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    this.queue.schedule('evidence.nightly-sweep', { cron: '40 2 * * *', tz: 'Europe/London' }, () =>
      this.sweep(),
    );
    await this.startUp();
  }

  /** What a start finds: the store ready, and nothing left over from an earlier run. */
  async startUp(): Promise<void> {
    // A bucket that is missing or refuses us stops the app at boot, not at the first report.
    await this.store.checkReady();
    const moved = await this.store.migrateLegacyLayout();
    if (moved > 0) this.logger.log(`moved ${moved} evidence file(s) to the one-level layout`);
    // SQLite means one app process: everything in tmp/ is from a previous run.
    const grace = this.config.isPostgres ? this.config.evidenceSweepGraceMs : 0;
    const removed = await this.store.sweepTemp(grace);
    if (removed > 0)
      this.logger.warn(`removed ${removed} temporary upload file(s) left by an earlier run`);
    const orphans = await this.removeOrphans(grace);
    if (orphans > 0)
      this.logger.warn(`removed ${orphans} stored evidence file(s) that no report refers to`);
  }

  /** The nightly job: temp files and unreferenced stored files older than the grace. */
  async sweep(): Promise<void> {
    const grace = this.config.evidenceSweepGraceMs;
    const removed = await this.store.sweepTemp(grace);
    const orphans = await this.removeOrphans(grace);
    if (removed + orphans > 0)
      this.logger.warn(`nightly sweep removed ${removed} temp and ${orphans} orphaned file(s)`);
  }

  /** Returns how many stored files without an evidence or rendition row were removed. */
  async removeOrphans(graceMs: number): Promise<number> {
    const cutoff = this.clock.now().getTime() - graceMs;
    let batch: string[] = [];
    let removed = 0;
    const flush = async () => {
      const [items, renditions] = await Promise.all([
        this.dataSource
          .getRepository(EvidenceItem)
          .find({ where: { sha256: In(batch) }, select: { sha256: true } }),
        this.dataSource
          .getRepository(EvidenceRendition)
          .find({ where: { sha256: In(batch) }, select: { sha256: true } }),
      ]);
      // A print rendition is stored like evidence and kept while its row says it is wanted.
      const keep = new Set([...items, ...renditions].map((r) => r.sha256));
      const orphans = batch.filter((sha) => !keep.has(sha));
      for (const sha256 of orphans) await this.store.remove(sha256);
      if (orphans.length > 0) {
        await this.audit.record({
          actorId: null,
          action: 'evidence.orphans_removed',
          detail: { sha256: orphans },
        });
      }
      removed += orphans.length;
      batch = [];
    };
    for await (const file of this.store.listStored()) {
      if (file.storedAt.getTime() > cutoff) continue;
      batch.push(file.sha256);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return removed;
  }
}
