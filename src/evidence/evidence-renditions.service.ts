import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { EvidenceItem } from '../cases/evidence-item.entity.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { makePrintRendition } from '../platform/images/print-rendition.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { EvidenceRendition } from './evidence-rendition.entity.js';
import { IMAGE_MIME_TYPES } from '../platform/file-types/file-type.types.js';

/** The job that makes one evidence image's print rendition: the evidence id only. */
export const PRINT_RENDITION_JOB = 'evidence.print-rendition';
interface PrintRenditionJob {
  evidenceId: string;
}

/** A 1417x1181 JPEG is well under 2 MB; anything near this is not a rendition of ours. */
const MAX_RENDITION_BYTES = 16 * 1024 * 1024;

/**
 * Print renditions of evidence images: each image gets a job in the transaction that records
 * it, so the rendition is asked for if and only if the evidence exists, and made once, after the
 * commit, off the request. The rendition is stored in the evidence store under its own SHA-256;
 * the original's bytes are never touched.
 */
@Injectable()
export class EvidenceRenditionsService implements OnModuleInit {
  private readonly logger = new Logger(EvidenceRenditionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: FileStore,
    private readonly queue: JobQueue,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // A failure here is the disk or the store, not the image (a bad image is given up at once).
    this.queue.work<PrintRenditionJob>(PRINT_RENDITION_JOB, (job) => this.make(job.evidenceId), {
      retryLimit: 5,
      retryDelaySeconds: 10,
      retryDelayMaxSeconds: 600,
    });
  }

  /** Asks for a rendition of each image among `items`, in the caller's transaction. */
  async request(em: EntityManager, items: Pick<EvidenceItem, 'id' | 'mimeType'>[]): Promise<void> {
    for (const item of items.filter((i) => IMAGE_MIME_TYPES.has(i.mimeType))) {
      await this.queue.enqueue(em, PRINT_RENDITION_JOB, {
        evidenceId: item.id,
      } satisfies PrintRenditionJob);
    }
  }

  /** The renditions made so far for these evidence ids. */
  async of(evidenceIds: string[]): Promise<Map<string, EvidenceRendition>> {
    if (evidenceIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(EvidenceRendition)
      .find({ where: { evidenceId: In(evidenceIds) } });
    return new Map(rows.map((r) => [r.evidenceId, r]));
  }

  /**
   * Makes the rendition unless there is one. Run again after a crash between storing the file
   * and recording it, it stores the same bytes under the same hash and records them once.
   */
  async make(evidenceId: string): Promise<void> {
    const repo = this.dataSource.getRepository(EvidenceRendition);
    if (await repo.exists({ where: { evidenceId } })) return;
    const item = await this.dataSource
      .getRepository(EvidenceItem)
      .findOne({ where: { id: evidenceId } });
    if (!item || !IMAGE_MIME_TYPES.has(item.mimeType)) return;
    if (!(await this.store.exists(item.sha256))) {
      this.logger.error(`evidence ${item.id}: stored file ${item.sha256} is missing`);
      return;
    }
    let rendition;
    try {
      rendition = await makePrintRendition(await this.bytes(item.sha256));
    } catch (error) {
      // The bytes passed the upload's checks but the image library cannot read them: trying
      // again changes nothing, and the case file embeds the original instead.
      this.logger.warn(`evidence ${item.id}: no print rendition (${(error as Error).name})`);
      return;
    }
    const received = await this.store.receive(Readable.from([rendition.bytes]), {
      maxBytes: MAX_RENDITION_BYTES,
    });
    try {
      await this.store.commit(received);
      await this.transactions.runBookkeeping((em) =>
        em
          .createQueryBuilder()
          .insert()
          .into(EvidenceRendition)
          .values({
            evidenceId: item.id,
            sha256: received.sha256,
            mimeType: received.mimeType,
            size: received.size,
            width: rendition.width,
            height: rendition.height,
            originalWidth: rendition.original.width,
            originalHeight: rendition.original.height,
            createdAt: this.clock.now(),
          })
          // Two runs of the same job (a retry overlapping a slow first try) record it once.
          .orIgnore()
          .execute(),
      );
    } finally {
      // commit() leaves the temp copy when the bytes were stored already.
      await this.store.discard(received);
    }
  }

  /** The stored bytes of `sha256`, whole: images are decoded whole anyway. */
  async bytes(sha256: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.store.openRead(sha256)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
