import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CaseRecord } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import type { CaseRelation } from '../cases/case-access.js';
import { CaseWriter, type NewEvent } from '../cases/case-writer.js';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import type { Platform } from '../cases/case.constants.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { parseInstant } from '../common/clock/parse-instant.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { isUuid } from '../schools/schools.service.js';
import type { AddEvidenceDto } from './dto/add-evidence.dto.js';
import { EvidenceItem } from '../cases/evidence-item.entity.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { EvidenceRendition } from './evidence-rendition.entity.js';
import { EvidenceRenditionsService } from './evidence-renditions.service.js';
import type { UploadedFile } from '../platform/uploads/multipart-reader.js';
import { EvidenceTextJob } from './evidence-text.job.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { IMAGE_MIME_TYPES } from '../platform/file-types/file-type.types.js';
import { CUSTODY_ACTIONS, custodyRows, type CustodyRow } from './evidence-custody.js';
import { CaseNotices } from '../cases/case-notices.js';
import { NotificationsService } from '../notifications/notifications.service.js';

export interface EvidenceMeta {
  platform: Platform;
  postUrl: string | null;
  /** Client-supplied capture times, aligned with the files by position. */
  capturedAt: string[];
}

/** Names the PostgreSQL advisory locks that order confirming and removing a stored file. */
const EVIDENCE_LOCK_SPACE = 7_212_027;

/** Evidence on cases: attaching it (with the case, or later) and handing out its exact bytes. */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: FileStore,
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly renditions: EvidenceRenditionsService,
    private readonly textJob: EvidenceTextJob,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
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

  /** Rows for files about to be committed, and their print renditions' jobs; inside the caller's transaction. */
  async insertItems(
    em: EntityManager,
    c: Pick<CaseRecord, 'id'>,
    actor: Actor,
    files: UploadedFile[],
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
    await this.renditions.request(em, items);
    await this.textJob.enqueue(em, items);
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
   * Moves the files into the store, durably, then runs `work`: the transaction that records them,
   * which must call `confirm(em)` before it commits. The move happens before the transaction, so
   * the one-at-a-time SQLite write queue never waits on the disk; a crash in between leaves at
   * worst a stored file that no record mentions (the janitor's to remove at start-up), never a
   * record whose file is missing.
   *
   * If anything fails, the files this upload moved in are removed again unless a committed
   * record refers to them. Another upload of the same bytes, which found them already stored,
   * may be about to record them: it kept its own copy in tmp/, and its `confirm` puts that back.
   * Removal and `confirm` take the same per-file lock (on SQLite the write queue is that lock),
   * so one always sees what the other did.
   */
  async withStoredFiles<T>(
    files: UploadedFile[],
    work: (confirm: (em: EntityManager) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const movedIn: string[] = [];
    try {
      for (const f of files) {
        await this.store.commit(f.received);
        if (this.store.movedIn(f.received)) movedIn.push(f.received.sha256);
      }
      return await work(async (em) => {
        await this.lockFiles(
          em,
          files.map((f) => f.received.sha256),
        );
        for (const f of files) await this.store.ensureStored(f.received);
      });
    } catch (error) {
      await this.undoCommits(movedIn).catch((undoError: Error) => {
        this.logger.error(`could not undo stored evidence after a failure: ${undoError.message}`);
      });
      throw error;
    }
  }

  /** `files` are in the store's tmp/; the caller removes what this did not commit. */
  async attach(
    actor: Actor,
    caseId: string,
    dto: AddEvidenceDto,
    files: UploadedFile[],
  ): Promise<CaseDetailResponse> {
    const { record, relation } = await this.cases.findVisible(actor, caseId);
    // findVisible has already answered 404 to anyone who may not see the case at all.
    const mayAdd = relation.isOwner || (relation.isReporter && record.status !== 'closed');
    if (!mayAdd)
      throw new DomainException(
        403,
        'EVIDENCE_FORBIDDEN',
        'You may not add evidence to this case now',
      );
    if (record.mergedIntoCaseId)
      throw new DomainException(
        409,
        'CASE_MERGED',
        'This report was merged into another case: add the evidence to that case.',
      );
    const problems = this.checkCapturedAt(dto.evidenceCapturedAt, files.length, this.clock.now());
    if (files.length === 0) problems.push('at least one evidence file is required');
    if (record.indecentImages)
      problems.push('files are never taken on a case that declares indecent images of children');
    if (problems.length > 0) throw new DomainException(400, 'EVIDENCE_INVALID', problems);
    await this.withStoredFiles(files, (confirm) =>
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
        // The owner hears of evidence someone else adds (the reporter, mostly): nobody of their own.
        await this.notifications.record(
          em,
          (await this.notices.toOwners(record, 'evidence_added')).filter(
            (n) => n.userId !== actor.userId,
          ),
        );
        await confirm(em);
      }),
    );
    return this.cases.detail(actor, caseId);
  }

  /** The exact stored bytes, for the owner, HR and a sitting panel only; every download is audited. */
  async open(actor: Actor, evidenceId: string): Promise<StreamableFile> {
    const { item, record } = await this.readable(actor, evidenceId, 'evidence.downloaded');
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

  /**
   * Issue 17, item 6: an image shown in the browser rather than saved to the device, so copies
   * stop ending up on a head's phone. The same people and the same bytes as a download; the
   * controller sends it inline in a sandboxed, never-stored response. Recorded as a view, which
   * the chain of custody keeps apart from a download. Only images: a PDF has no inline view.
   */
  async view(actor: Actor, evidenceId: string): Promise<StreamableFile> {
    const { item } = await this.readable(actor, evidenceId, 'evidence.viewed', (i) =>
      IMAGE_MIME_TYPES.has(i.mimeType),
    );
    return new StreamableFile(this.store.openRead(item.sha256), {
      type: item.mimeType,
      length: item.size,
      disposition: 'inline',
    });
  }

  /**
   * The views and downloads of these items, oldest first, for the chain of custody (the HR file
   * and the case page). Ids only: the caller names the people.
   */
  async openings(evidenceIds: string[]): Promise<AuditEntry[]> {
    if (evidenceIds.length === 0) return [];
    return this.dataSource.getRepository(AuditEntry).find({
      where: { action: In([...CUSTODY_ACTIONS]), targetId: In(evidenceIds) },
      order: { seq: 'ASC' },
    });
  }

  /** The chain of custody of these items, for a page that has already checked its reader. */
  async custody(evidenceIds: string[]): Promise<CustodyRow[]> {
    if (evidenceIds.length === 0) return [];
    const items = await this.dataSource.getRepository(EvidenceItem).find({
      where: { id: In(evidenceIds) },
      select: { id: true, receivedAt: true, addedById: true },
    });
    return custodyRows(items, await this.openings(evidenceIds));
  }

  /** The item, if the caller may open it (else 404), its file present, the opening audited. */
  private async readable(
    actor: Actor,
    evidenceId: string,
    action: (typeof CUSTODY_ACTIONS)[number],
    offered: (item: EvidenceItem) => boolean = () => true,
  ) {
    const item = isUuid(evidenceId)
      ? await this.dataSource.getRepository(EvidenceItem).findOne({ where: { id: evidenceId } })
      : null;
    if (!item || !offered(item)) throw new NotFoundDomainException('Evidence');
    const { record } = await this.openableThrough(actor, item.caseId);
    if (!(await this.store.exists(item.sha256))) {
      this.logger.error(
        `evidence ${item.id} of case ${record.id}: stored file ${item.sha256} is missing`,
      );
      throw new DomainException(500, 'EVIDENCE_MISSING', 'The stored file is missing');
    }
    await this.audit.record({
      actorId: actor.userId,
      action,
      targetType: 'evidence',
      targetId: item.id,
      schoolId: record.schoolId,
      detail: { caseId: record.id, sha256: item.sha256 },
    });
    return { item, record };
  }

  /**
   * The case through which the caller may open an item: its own, or (issue 21) the case its
   * report was merged into, where the item is read now (after a hand-over of that case, its
   * new owner opens the merged report's evidence there). Anything else is the same 404.
   */
  private async openableThrough(actor: Actor, caseId: string) {
    const mayOpen = (r: CaseRelation) => r.isOwner || r.isHr || r.isPanelMember;
    const own = await this.cases.findVisible(actor, caseId).catch(() => null);
    if (own && mayOpen(own.relation)) return own;
    const merged = await this.dataSource
      .getRepository(CaseRecord)
      .findOne({ where: { id: caseId }, select: { id: true, mergedIntoCaseId: true } });
    if (merged?.mergedIntoCaseId) {
      const into = await this.cases.findVisible(actor, merged.mergedIntoCaseId).catch(() => null);
      if (into && mayOpen(into.relation)) return into;
    }
    throw new NotFoundDomainException('Evidence');
  }

  /**
   * Orders, file by file, a transaction confirming its files against an undo removing them. On
   * SQLite the write queue already runs one transaction at a time; on PostgreSQL an advisory
   * lock per hash, taken in sorted order so two transactions cannot wait on each other.
   */
  private async lockFiles(em: EntityManager, sha256s: string[]): Promise<void> {
    if (!this.transactions.isPostgres) return;
    for (const sha256 of [...new Set(sha256s)].sort()) {
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        EVIDENCE_LOCK_SPACE,
        sha256,
      ]);
    }
  }

  /** Removes the files a failed upload moved in, where no committed record refers to them. */
  private async undoCommits(sha256s: string[]): Promise<void> {
    if (sha256s.length === 0) return;
    await this.transactions.run(async (em) => {
      await this.lockFiles(em, sha256s);
      const hashes = In([...new Set(sha256s)]);
      const referenced = [
        ...(await em
          .getRepository(EvidenceItem)
          .find({ where: { sha256: hashes }, select: { sha256: true } })),
        // The same bytes may also be some image's print rendition.
        ...(await em
          .getRepository(EvidenceRendition)
          .find({ where: { sha256: hashes }, select: { sha256: true } })),
      ];
      const keep = new Set(referenced.map((r) => r.sha256));
      for (const sha256 of new Set(sha256s.filter((s) => !keep.has(s)))) {
        await this.store.remove(sha256).catch((error: Error) => {
          this.logger.error(
            `could not remove uncommitted evidence file ${sha256}: ${error.message}`,
          );
        });
      }
    });
  }
}
