import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEvent } from '../cases/case-event.entity.js';
import type { CaseRecord } from '../cases/case.entity.js';
import type { Language } from '../common/language.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AppConfig } from '../config/app-config.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { UsersService } from '../users/users.service.js';
import { CaseFileRender } from './case-file-render.entity.js';
import { CaseFilesService, type CaseFilePdf } from './case-files.service.js';
import type { CaseFileVariant } from './issued-document.entity.js';

export const CASE_FILE_RENDER_JOB = 'documents.case-file-render';
const PRUNE_JOB = 'documents.case-file-render-prune';
interface CaseFileRenderJob {
  renderId: string;
}

/** Who asks for which file of which case, in which language. */
interface Ask {
  record: CaseRecord;
  variant: Extract<CaseFileVariant, 'hr' | 'governors'>;
  userId: string;
  lang: Language;
}

const rendering = (render: CaseFileRender): CaseFileOutcome => ({
  kind: 'rendering',
  renderId: render.id,
  imageCount: render.imageCount,
  requestedAt: render.requestedAt,
});

/** How long a finished background render is kept for the person who asked. */
export const RENDER_KEPT_MS = 24 * 60 * 60 * 1000;

/** A download: the file now, or word that it is being made in the background. */
export type CaseFileOutcome =
  | { kind: 'pdf'; pdf: CaseFilePdf }
  | { kind: 'rendering'; renderId: string; imageCount: number; requestedAt: Date }
  | { kind: 'failed'; renderId: string; failureCode: string };

/**
 * Big case files in the background (issue 20 item 3). A file of a few screenshots renders in a
 * second or two and stays an immediate download; a pile-on of dozens would hold a render slot
 * and the person's browser for most of a minute and could pass the download deadline, so past
 * `pdfBackgroundFromImages` images the download asks the job queue for it instead and answers
 * 202. The job renders it with a longer deadline for the same person (their access checked
 * again), keeps the bytes, and leaves them a notice; their next download of the same case, not
 * changed since, gets those bytes. Access is checked on every ask, never cached with the file.
 */
@Injectable()
export class CaseFileRendersService implements OnModuleInit {
  private readonly logger = new Logger(CaseFileRendersService.name);

  constructor(
    private readonly caseFiles: CaseFilesService,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly queue: JobQueue,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    // One retry: a second failure is the file (too big for the deadline), not the machine.
    this.queue.work<CaseFileRenderJob>(CASE_FILE_RENDER_JOB, (job) => this.run(job.renderId), {
      retryLimit: 1,
      retryDelaySeconds: 30,
    });
    this.queue.schedule(PRUNE_JOB, { everyMinutes: 60 }, () => this.prune().then(() => undefined));
  }

  /** `cancel`: the caller has gone; an immediate render, if running, is killed at once. */
  async download(
    actor: Actor,
    caseId: string,
    variant: Extract<CaseFileVariant, 'hr' | 'governors'>,
    cancel?: AbortSignal,
  ): Promise<CaseFileOutcome> {
    const record = await this.caseFiles.authorize(actor, caseId, variant);
    const ask: Ask = { record, variant, userId: actor.userId, lang: actor.language };
    // A file asked for before is answered without building its content again: for a pile of
    // screenshots that reads every image's record and rendition, and the originals' bytes.
    const earlier = await this.transactions.run((em) => this.earlier(em, ask));
    if (earlier) return earlier;
    const prepared = await this.caseFiles.build(actor, record, variant);
    if (prepared.imageCount <= this.config.pdfBackgroundFromImages) {
      return { kind: 'pdf', pdf: await this.caseFiles.render(actor, prepared, { signal: cancel }) };
    }
    return this.transactions.run(async (em) => {
      // Asked again while this one was built: theirs stands.
      const meanwhile = await this.earlier(em, ask);
      if (meanwhile) return meanwhile;
      const render: CaseFileRender = {
        id: randomUUID(),
        caseId: record.id,
        schoolId: record.schoolId,
        variant,
        requestedById: actor.userId,
        lastEventSeq: await this.lastEventSeq(em, record.id),
        status: 'queued',
        language: ask.lang,
        imageCount: prepared.imageCount,
        requestedAt: this.clock.now(),
        finishedAt: null,
        failureCode: null,
        filename: null,
        pdfSha256: null,
        pdfBase64: null,
      };
      await em.getRepository(CaseFileRender).insert(render);
      await this.queue.enqueue(em, CASE_FILE_RENDER_JOB, {
        renderId: render.id,
      } satisfies CaseFileRenderJob);
      this.logger.log(`case ${record.id}: ${variant} file of ${prepared.imageCount} images queued`);
      return rendering(render);
    });
  }

  /**
   * This person's background file of this case in this language, made or being made since the
   * case's last event: the file, word that it is coming, or (once) that it failed.
   */
  private async earlier(em: EntityManager, ask: Ask): Promise<CaseFileOutcome | null> {
    const repo = em.getRepository(CaseFileRender);
    const latest = await repo.findOne({
      where: {
        caseId: ask.record.id,
        variant: ask.variant,
        requestedById: ask.userId,
        language: ask.lang,
      },
      order: { requestedAt: 'DESC' },
    });
    if (!latest || latest.lastEventSeq !== (await this.lastEventSeq(em, ask.record.id)))
      return null;
    if (latest.status === 'ready' && latest.pdfBase64 && latest.pdfSha256 && latest.filename) {
      const bytes = Buffer.from(latest.pdfBase64, 'base64');
      return { kind: 'pdf', pdf: { bytes, sha256: latest.pdfSha256, filename: latest.filename } };
    }
    if (latest.status === 'queued') return rendering(latest);
    // Failed: said once, on the next ask; the ask after that tries again.
    if (latest.status === 'failed' && latest.failureCode) {
      await repo.update({ id: latest.id }, { failureCode: null });
      return { kind: 'failed', renderId: latest.id, failureCode: latest.failureCode };
    }
    return null;
  }

  /** The job: renders for the person who asked, as them, so their access is checked again. */
  async run(renderId: string): Promise<void> {
    const repo = this.dataSource.getRepository(CaseFileRender);
    const render = await repo.findOne({ where: { id: renderId } });
    if (!render || render.status !== 'queued') return;
    const actor = await this.users.actorFor(render.requestedById, `job:${render.id}`);
    let outcome: Partial<CaseFileRender>;
    try {
      if (!actor) throw Object.assign(new Error('requester gone'), { code: 'NOT_FOUND' });
      const prepared = await this.caseFiles.prepare(actor, render.caseId, render.variant);
      const pdf = await this.caseFiles.render(actor, prepared, {
        timeoutMs: this.config.pdfBackgroundTimeoutMs,
      });
      outcome = {
        status: 'ready',
        filename: pdf.filename,
        pdfSha256: pdf.sha256,
        pdfBase64: pdf.bytes.toString('base64'),
        // The language made in: the person's now, which the next ask is matched against.
        language: prepared.lang,
        // The case rendered: a change between the ask and the job is in the file.
        lastEventSeq: await this.lastEventSeq(this.dataSource.manager, render.caseId),
      };
      this.logger.log(`case file render ${render.id} ready (${pdf.bytes.length} bytes)`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      outcome = { status: 'failed', failureCode: typeof code === 'string' ? code : 'INTERNAL' };
      this.logger.warn(`case file render ${render.id} failed: ${outcome.failureCode}`);
    }
    const finishedAt = this.clock.now();
    await this.transactions.run(async (em) => {
      const updated = await em
        .getRepository(CaseFileRender)
        .update({ id: render.id, status: 'queued' }, { ...outcome, finishedAt });
      // The notice says only that a file is ready: the person downloads it as before.
      if (outcome.status === 'ready' && updated.affected === 1) {
        await this.notifications.record(em, [
          {
            userId: render.requestedById,
            kind: 'case_file_ready',
            schoolId: render.schoolId,
            caseId: render.caseId,
          },
        ]);
      }
    });
  }

  private async lastEventSeq(em: EntityManager, caseId: string): Promise<number> {
    const row = await em
      .getRepository(CaseEvent)
      .createQueryBuilder('e')
      .select('MAX(e.seq)', 'seq')
      .where('e.caseId = :caseId', { caseId })
      .getRawOne<{ seq: number | string | null }>();
    return Number(row?.seq ?? 0);
  }

  /** Finished renders older than a day go: they are copies, and the case may have moved on. */
  async prune(): Promise<number> {
    // Instants are ISO text, so text order is time order (common/database/columns.ts).
    const cutoff = new Date(this.clock.now().getTime() - RENDER_KEPT_MS).toISOString();
    const result = await this.transactions.run((em) =>
      em
        .getRepository(CaseFileRender)
        .createQueryBuilder()
        .delete()
        .where('"requestedAt" < :cutoff', { cutoff })
        .execute(),
    );
    return result.affected ?? 0;
  }
}
