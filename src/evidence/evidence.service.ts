import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CaseRecord } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { CaseWriter, type NewEvent } from '../cases/case-writer.js';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import type { Platform } from '../cases/case.constants.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { parseInstant } from '../common/clock/parse-instant.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { AddEvidenceDto } from '../reports/dto/create-report.dto.js';
import { isUuid } from '../schools/schools.service.js';
import { EvidenceItem } from './evidence-item.entity.js';
import { EvidenceStore } from './evidence-store.js';
import type { UploadedEvidence } from './multipart-reader.js';
import { UploadFormReader } from './upload-form.reader.js';

export interface EvidenceMeta {
  platform: Platform;
  postUrl: string | null;
  /** Client-supplied capture times, aligned with the files by position. */
  capturedAt: string[];
}

/** Evidence on cases: attaching it (with the case, or later) and handing out its exact bytes. */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);
  /**
   * Hashes of files whose upload is between its move into the store and the end of its
   * transaction, with how many uploads hold each: a failed upload must not remove a file that a
   * concurrent upload of the same bytes is about to record.
   */
  private readonly uploading = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EvidenceStore,
    private readonly form: UploadFormReader,
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  checkCapturedAt(capturedAt: string[] | undefined, fileCount: number, now: Date): string[] {
    const problems: string[] = [];
    if ((capturedAt?.length ?? 0) > fileCount) {
      problems.push('evidenceCapturedAt has more entries than there are evidence files');
    }
    if ((capturedAt ?? []).some((t) => parseInstant(t).getTime() > now.getTime() + 2 * 60 * 1000)) {
      problems.push('evidenceCapturedAt must not be in the future');
    }
    return problems;
  }

  /** Rows for files about to be committed; inside the caller's transaction. */
  async insertItems(
    em: EntityManager,
    c: Pick<CaseRecord, 'id'>,
    actor: Actor,
    files: UploadedEvidence[],
    meta: EvidenceMeta,
  ): Promise<EvidenceItem[]> {
    const receivedAt = this.clock.now();
    const items = files.map((f, i) =>
      Object.assign(new EvidenceItem(), {
        id: randomUUID(),
        caseId: c.id,
        sha256: f.received.sha256,
        size: f.received.size,
        mimeType: f.received.mimeType,
        platform: meta.platform,
        postUrl: meta.postUrl,
        capturedAt: meta.capturedAt[i] ? parseInstant(meta.capturedAt[i]) : null,
        receivedAt,
        clientFileName: f.clientFileName || null,
        addedById: actor.userId,
      }),
    );
    if (items.length > 0) await em.getRepository(EvidenceItem).insert(items);
    return items;
  }

  /** The timeline's record of each item: what was added, by whom, and its hash. */
  addedEvents(items: EvidenceItem[], actor: Actor): NewEvent[] {
    return items.map((item) => ({
      kind: 'evidence_added' as const,
      actorId: actor.userId,
      data: {
        evidenceId: item.id,
        sha256: item.sha256,
        size: item.size,
        mimeType: item.mimeType,
      },
    }));
  }

  /**
   * Moves the files into the store, durably, then runs `work`: the transaction that records them.
   * The move happens before the transaction rather than inside it, so the one-at-a-time SQLite
   * write queue never waits on the disk. A crash in between leaves at worst a stored file that no
   * record mentions (the janitor's to remove at start-up), never a record whose file is missing.
   * If anything fails, the files are removed again unless a committed record refers to them or
   * another upload of the same bytes in this process is still under way.
   */
  async withStoredFiles<T>(files: UploadedEvidence[], work: () => Promise<T>): Promise<T> {
    const hashes = files.map((f) => f.received.sha256);
    this.hold(hashes);
    const inStore: string[] = [];
    let failed = false;
    try {
      for (const f of files) {
        await this.store.commit(f.received);
        inStore.push(f.received.sha256);
      }
      return await work();
    } catch (error) {
      failed = true;
      this.release(hashes);
      await this.undoCommits(inStore);
      throw error;
    } finally {
      if (!failed) this.release(hashes);
    }
  }

  async attach(actor: Actor, caseId: string, req: Request): Promise<CaseDetailResponse> {
    const { record, relation } = await this.cases.findVisible(actor, caseId);
    // findVisible has already answered 404 to anyone who may not see the case at all.
    const mayAdd = relation.isOwner || (relation.isReporter && record.status !== 'closed');
    if (!mayAdd)
      throw new DomainException(
        403,
        'EVIDENCE_FORBIDDEN',
        'You may not add evidence to this case now',
      );
    const { dto, files } = await this.form.read(req, AddEvidenceDto, {
      allowJson: false,
      repeatable: ['evidenceCapturedAt'],
    });
    try {
      const problems = this.checkCapturedAt(dto.evidenceCapturedAt, files.length, this.clock.now());
      if (files.length === 0) problems.push('at least one evidence file is required');
      if (record.indecentImages)
        problems.push('files are never taken on a case that declares indecent images of children');
      if (problems.length > 0) throw new DomainException(400, 'EVIDENCE_INVALID', problems);
      await this.withStoredFiles(files, () =>
        this.transactions.run(async (em) => {
          const items = await this.insertItems(em, record, actor, files, {
            platform: dto.platform ?? record.platform,
            postUrl: dto.postUrl ?? null,
            capturedAt: dto.evidenceCapturedAt ?? [],
          });
          await this.writer.appendEvents(em, record.id, this.addedEvents(items, actor));
          await this.audit.append(em, {
            actorId: actor.userId,
            action: 'evidence.added',
            targetType: 'case',
            targetId: record.id,
            schoolId: record.schoolId,
            detail: { evidence: items.map((i) => ({ id: i.id, sha256: i.sha256 })) },
          });
        }),
      );
    } finally {
      await this.form.discard(files);
    }
    return this.cases.detail(actor, caseId);
  }

  /** The exact stored bytes, for the owner and HR only; every download is audited. */
  async open(actor: Actor, evidenceId: string): Promise<StreamableFile> {
    const item = isUuid(evidenceId)
      ? await this.dataSource.getRepository(EvidenceItem).findOne({ where: { id: evidenceId } })
      : null;
    if (!item) throw new NotFoundDomainException('Evidence');
    const { record, relation } = await this.cases.findVisible(actor, item.caseId).catch(() => {
      throw new NotFoundDomainException('Evidence');
    });
    if (relation.visibility !== 'full') throw new NotFoundDomainException('Evidence');
    if (!(await this.store.exists(item.sha256))) {
      this.logger.error(
        `evidence ${item.id} of case ${record.id}: stored file ${item.sha256} is missing`,
      );
      throw new DomainException(500, 'EVIDENCE_MISSING', 'The stored file is missing');
    }
    await this.audit.record({
      actorId: actor.userId,
      action: 'evidence.downloaded',
      targetType: 'evidence',
      targetId: item.id,
      schoolId: record.schoolId,
      detail: { caseId: record.id, sha256: item.sha256 },
    });
    const extension = {
      'image/png': 'png',
      'image/jpeg': 'jpg',
      'image/webp': 'webp',
      'image/gif': 'gif',
      'application/pdf': 'pdf',
    }[item.mimeType];
    return new StreamableFile(this.store.openRead(item.sha256), {
      type: item.mimeType,
      length: item.size,
      disposition: `attachment; filename="${record.reference}-evidence-${item.id.slice(0, 8)}.${extension ?? 'bin'}"`,
    });
  }

  private hold(hashes: string[]): void {
    for (const h of hashes) this.uploading.set(h, (this.uploading.get(h) ?? 0) + 1);
  }

  private release(hashes: string[]): void {
    for (const h of hashes) {
      const left = (this.uploading.get(h) ?? 1) - 1;
      if (left > 0) this.uploading.set(h, left);
      else this.uploading.delete(h);
    }
  }

  /** Removes stored files of a failed upload that nothing refers to or is about to refer to. */
  private async undoCommits(sha256s: string[]): Promise<void> {
    const candidates = [...new Set(sha256s)].filter((s) => !this.uploading.has(s));
    if (candidates.length === 0) return;
    const referenced = await this.dataSource
      .getRepository(EvidenceItem)
      .find({ where: { sha256: In(candidates) }, select: { sha256: true } });
    const keep = new Set(referenced.map((r) => r.sha256));
    for (const sha256 of candidates.filter((s) => !keep.has(s))) {
      await this.store.remove(sha256).catch((error: Error) => {
        this.logger.error(`could not remove uncommitted evidence file ${sha256}: ${error.message}`);
      });
    }
  }
}
