import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService, RETENTION_TOMBSTONE } from '../audit/audit.service.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { CaseNotices } from '../cases/case-notices.js';
import { CaseRecord } from '../cases/case.entity.js';
import { CasePanelMember } from '../cases/case-panel-member.entity.js';
import { CaseWriter } from '../cases/case-writer.js';
import { EvidenceItem } from '../cases/evidence-item.entity.js';
import { EvidenceText } from '../cases/evidence-text.entity.js';
import { LegalHold } from '../cases/legal-hold.entity.js';
import { ReminderSent } from '../cases/reminder-sent.entity.js';
import { SchoolRulesService } from '../cases/school-rules.service.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AppConfig } from '../config/app-config.js';
import { IssuedDocument } from '../documents/issued-document.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { JobQueue } from '../platform/queue/job-queue.js';

/** The owner hears of a deletion this many working days before it happens (DOMAIN.md §8). */
export const DELETION_NOTICE_WORKING_DAYS = 5;

export interface DeletionRun {
  noticed: number;
  deleted: number;
}

/**
 * Deletes closed cases whose retention has run out (DOMAIN.md §8), daily, once across all
 * instances. First the owner is told, and the telling is kept on the timeline; at least
 * DELETION_NOTICE_WORKING_DAYS working days later, with no legal hold standing, the case and
 * every row of it go in one transaction with their tombstone in the audit log, so nothing
 * half-deleted is ever visible and a run killed half-way leaves each case whole or gone.
 * Evidence files no other case holds are removed after the commit; a crash between the two
 * leaves files nobody refers to, which the evidence janitor's nightly sweep removes.
 */
@Injectable()
export class RetentionDeletionService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionDeletionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
    private readonly writer: CaseWriter,
    private readonly rules: SchoolRulesService,
    private readonly store: FileStore,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.queue.schedule(
      'records.retention-deletion',
      { cron: '20 3 * * *', tz: 'Europe/London' },
      async () => {
        const run = await this.runOnce();
        this.logger.log(`retention: ${run.noticed} notices, ${run.deleted} cases deleted`);
      },
    );
  }

  /** Tests only (TEST_RETENTION_PAUSE_MS): a run at start, so a killed run's next one is a restart. */
  onApplicationBootstrap(): void {
    if (this.config.testRetentionPauseMs === null) return;
    void this.runOnce().then(
      (run) =>
        this.logger.warn(`retention test run: ${run.noticed} notices, ${run.deleted} deleted`),
      (error: unknown) => this.logger.error(`retention test run failed: ${(error as Error).name}`),
    );
  }

  async runOnce(): Promise<DeletionRun> {
    const now = this.clock.now();
    // Candidates a week of working days ahead at most; each is decided again inside its own
    // transaction, so what changed since this read (a reopening, a hold) is seen.
    const horizon = new Date(now.getTime() + 14 * 86_400_000).toISOString();
    const candidates = await this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .select(['c.id', 'c.schoolId'])
      .where("c.status = 'closed'")
      .andWhere('c.retainUntil IS NOT NULL AND c.retainUntil <= :horizon', { horizon })
      .getMany();
    const run: DeletionRun = { noticed: 0, deleted: 0 };
    for (const { id, schoolId } of candidates) {
      const rules = await this.rules.rulesFor(schoolId);
      const calendar = this.rules.calendarFor(rules);
      const deletedFiles = await this.transactions.run(async (em) => {
        const c = await this.lock(em, id);
        if (!c || c.status !== 'closed' || !c.retainUntil || !c.closedAt) return null;
        // Reports merged into the case (issue 21) are kept and deleted with it: a hold on any
        // of them holds the whole case.
        const merged = await em
          .getRepository(CaseRecord)
          .find({ where: { mergedIntoCaseId: id }, select: { id: true } });
        const held = [id, ...merged.map((m) => m.id)];
        if (
          await em
            .getRepository(LegalHold)
            .exists({ where: { caseId: In(held), liftedAt: IsNull() } })
        )
          return null;
        const notice = await em
          .getRepository(CaseEvent)
          .createQueryBuilder('e')
          .where('e.caseId = :id AND e.kind = :kind', { id, kind: 'deletion_notice' })
          .andWhere('e.at >= :closedAt', { closedAt: c.closedAt.toISOString() })
          .orderBy('e.at', 'ASC')
          .getOne();
        if (!notice) {
          const dueBy = calendar.addWorkingDays(now, DELETION_NOTICE_WORKING_DAYS);
          if (c.retainUntil.getTime() > dueBy.getTime()) return null;
          await this.writer.appendEvent(em, id, {
            kind: 'deletion_notice',
            actorId: null,
            data: { retainUntil: c.retainUntil.toISOString(), rule: c.retentionRule },
          });
          await this.notifications.record(em, await this.notices.toOwners(c, 'deletion_due'));
          run.noticed++;
          return null;
        }
        const earliest = calendar.addWorkingDays(notice.at, DELETION_NOTICE_WORKING_DAYS);
        if (c.retainUntil.getTime() > now.getTime() || earliest.getTime() > now.getTime())
          return null;
        const files = await this.delete(em, c);
        run.deleted++;
        return files;
      });
      if (deletedFiles) await this.removeUnheldFiles(deletedFiles);
    }
    return run;
  }

  /** The case row, locked against every other writer until this transaction ends. */
  private async lock(em: EntityManager, id: string): Promise<CaseRecord | null> {
    const result = await em
      .createQueryBuilder()
      .update(CaseRecord)
      .set({ version: () => '"version" + 1' })
      .where('id = :id', { id })
      .execute();
    if (result.affected !== 1) return null;
    return em.getRepository(CaseRecord).findOne({ where: { id } });
  }

  /**
   * Every row of the case, then the case, and the tombstone; returns its evidence hashes. The
   * reports merged into it go first, each with its own tombstone naming the case it joined.
   */
  private async delete(em: EntityManager, c: CaseRecord): Promise<string[]> {
    const caseId = c.id;
    const mergedHashes: string[] = [];
    for (const merged of await em
      .getRepository(CaseRecord)
      .find({ where: { mergedIntoCaseId: caseId } }))
      mergedHashes.push(...(await this.delete(em, merged)));
    const evidence = await em
      .getRepository(EvidenceItem)
      .find({ where: { caseId }, select: { id: true, sha256: true } });
    const documents = await em
      .getRepository(IssuedDocument)
      .find({ where: { caseId }, select: { id: true, sha256: true, variant: true } });
    const counts = {
      events: await em.getRepository(CaseEvent).count({ where: { caseId } }),
      evidence: evidence.length,
      documents: documents.length,
      legalHolds: await em.getRepository(LegalHold).count({ where: { caseId } }),
    };
    await em.getRepository(CaseEvent).delete({ caseId });
    await em.getRepository(EvidenceItem).delete({ caseId });
    // What the machine read from images no other case holds goes with them (issue 21).
    const hashes = [...new Set(evidence.map((e) => e.sha256))];
    const stillHeld = new Set(
      hashes.length
        ? (
            await em
              .getRepository(EvidenceItem)
              .find({ where: { sha256: In(hashes) }, select: { sha256: true } })
          ).map((e) => e.sha256)
        : [],
    );
    const unheld = hashes.filter((h) => !stillHeld.has(h));
    if (unheld.length) await em.getRepository(EvidenceText).delete({ sha256: In(unheld) });
    await em.getRepository(IssuedDocument).delete({ caseId });
    await em.getRepository(CasePanelMember).delete({ caseId });
    await em.getRepository(ReminderSent).delete({ caseId });
    await em.getRepository(LegalHold).delete({ caseId });
    // Notices stay in people's lists (they name no case content) but no longer point at it.
    await em.getRepository(Notification).update({ caseId }, { caseId: null });
    await this.testPause(caseId);
    await em.getRepository(CaseRecord).delete({ id: caseId });
    await this.audit.append(em, {
      actorId: null,
      action: RETENTION_TOMBSTONE,
      targetType: 'case',
      targetId: caseId,
      schoolId: c.schoolId,
      detail: {
        reference: c.reference,
        rule: c.retentionRule,
        retainUntil: c.retainUntil?.toISOString() ?? null,
        by: 'retention_job',
        ...(c.mergedIntoCaseId ? { mergedIntoCaseId: c.mergedIntoCaseId } : {}),
        counts,
        evidenceSha256: evidence.map((e) => e.sha256),
        documents: documents.map((d) => ({ variant: d.variant, sha256: d.sha256 })),
      },
    });
    return [...new Set([...evidence.map((e) => e.sha256), ...mergedHashes])];
  }

  /**
   * Tests only: holds the deletion here, its rows gone but the case row, its tombstone and the
   * commit still to come, so a fault test kills the process at a known point (a kill timed from
   * outside would mostly land between cases, where there is nothing half-done to lose).
   */
  private async testPause(caseId: string): Promise<void> {
    const ms = this.config.testRetentionPauseMs;
    if (ms === null) return;
    this.logger.warn(`retention test pause: case ${caseId} half-deleted, not committed`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Files of the deleted case that no other case holds (the store keeps one copy per hash). */
  private async removeUnheldFiles(hashes: string[]): Promise<void> {
    if (hashes.length === 0) return;
    const held = await this.dataSource
      .getRepository(EvidenceItem)
      .find({ where: { sha256: In(hashes) }, select: { sha256: true } });
    const keep = new Set(held.map((e) => e.sha256));
    for (const sha256 of hashes) if (!keep.has(sha256)) await this.store.remove(sha256);
  }
}
