import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { EvidenceText } from '../cases/evidence-text.entity.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { perceptualHash } from '../platform/ocr/perceptual-hash.js';
import { TextReader } from '../platform/ocr/text-reader.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { IMAGE_MIME_TYPES } from '../platform/file-types/file-type.types.js';

export const EVIDENCE_TEXT_JOB = 'evidence.read-text';

interface EvidenceTextJobData {
  sha256: string;
}

/**
 * Reads the text and the perceptual hash of each evidence image once, after its report or upload has committed, through
 * the job queue: the upload never waits for it, and a crash or a busy machine only delays it.
 * Logs name the hash, never the text.
 */
@Injectable()
export class EvidenceTextJob implements OnModuleInit {
  private readonly logger = new Logger(EvidenceTextJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly dataSource: DataSource,
    private readonly store: FileStore,
    private readonly reader: TextReader,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
  ) {}

  onModuleInit(): void {
    this.queue.work<EvidenceTextJobData>(EVIDENCE_TEXT_JOB, (job) => this.read(job.sha256), {
      retryLimit: 2,
    });
  }

  /** Inside the transaction that records the evidence: one job per image not yet read. */
  async enqueue(em: EntityManager, items: { sha256: string; mimeType: string }[]): Promise<void> {
    const hashes = new Set(
      items.filter((i) => IMAGE_MIME_TYPES.has(i.mimeType)).map((i) => i.sha256),
    );
    for (const sha256 of hashes) await this.queue.enqueue(em, EVIDENCE_TEXT_JOB, { sha256 });
  }

  async read(sha256: string): Promise<void> {
    const texts = this.dataSource.getRepository(EvidenceText);
    if (await texts.exists({ where: { sha256 } })) return;
    // Removed since (a failed report's file, or retention): nothing to read.
    if (!(await this.store.exists(sha256))) return;
    // Read once into memory (at most 10 MiB) for both readers, rather than twice from the store.
    const image = await buffer(this.store.openRead(sha256));
    const [{ text, engine }, hash] = await Promise.all([
      this.reader.read(Readable.from([image])),
      perceptualHash(image).catch(() => null),
    ]);
    // Read again from the image if lost: bookkeeping.
    await this.transactions.runBookkeeping((em) =>
      em
        .createQueryBuilder()
        .insert()
        .into(EvidenceText)
        .values({ sha256, text, engine, perceptualHash: hash, readAt: this.clock.now() })
        .orIgnore()
        .execute(),
    );
    this.logger.log(`read the text of evidence ${sha256.slice(0, 12)} (${text.length} characters)`);
  }
}
