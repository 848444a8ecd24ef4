import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { CasesService } from '../cases/cases.service.js';
import { EvidenceItem } from '../cases/evidence-item.entity.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { AppConfig } from '../config/app-config.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { TempArea } from '../platform/file-store/temp-area.js';
import { UsersService } from '../users/users.service.js';
import { Translator } from '../platform/i18n/translator.js';
import { csvCell } from './termly-report.service.js';
import { IssuedDocumentsService } from './issued-documents.service.js';

export interface EvidencePack {
  /** The ZIP's bytes, from a temp file already unlinked: nothing is left on disk once read. */
  stream: Readable;
  size: number;
  sha256: string;
  filename: string;
}

/** One line of the manifest: what the HR case file shows of each item, by the same number. */
export interface PackItem {
  item: number;
  file: string;
  type: string;
  size: number;
  sha256: string;
  capturedAt: string | null;
  receivedAt: string;
  platform: string;
  postUrl: string | null;
  addedBy: string;
}

const EXTENSION: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

/** No limit of its own: ten 10 MiB files per upload, any number of uploads, all in one pack. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;

const CSV_COLUMNS: (keyof PackItem)[] = [
  'item',
  'file',
  'type',
  'size',
  'sha256',
  'capturedAt',
  'receivedAt',
  'platform',
  'postUrl',
  'addedBy',
];

/**
 * The evidence pack: a ZIP of a case's original evidence files, exactly as received, with a
 * manifest (JSON and CSV) of each file's number, SHA-256 and times, for the tribunal copy. The
 * ZIP streams from the store into a temp file, hashed as it is written, and is recorded by that
 * hash in issued_document (and the audit log) before its bytes leave, like a case file, so
 * documents/verify recognises it later. Nothing is held in memory but one chunk at a time.
 *
 * Files are named by their number in the HR case file and the start of their hash, never by the
 * name they were uploaded under: a reporter's file name ("Mrs Smith's post about Jamie.png")
 * can name pupils or the subject, and the pack travels further than the case does.
 */
@Injectable()
export class EvidencePacksService {
  private readonly logger = new Logger(EvidencePacksService.name);
  private readonly temp: TempArea;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly store: FileStore,
    private readonly users: UsersService,
    private readonly issued: IssuedDocumentsService,
    private readonly clock: Clock,
    config: AppConfig,
    private readonly translator: Translator,
  ) {
    // The stores' own temp area: a pack a crash left half-written is swept with the uploads.
    this.temp = new TempArea(join(config.dataDir, 'tmp'));
  }

  /** `cancel`: the caller has gone; the ZIP stops being written and nothing is recorded. */
  async download(actor: Actor, caseId: string, cancel?: AbortSignal): Promise<EvidencePack> {
    const { record, relation } = await this.cases.findVisible(actor, caseId);
    // The same readers as the HR case file, which lists these files.
    if (!relation.isOwner && !relation.isHr) throw new NotFoundDomainException('Case');
    // Numbered in the HR case file's order, so "item 3" is the same file in both.
    // Reports merged into the case follow its own files, oldest report first, as in the HR file.
    const [own, merged] = await Promise.all([
      this.dataSource
        .getRepository(EvidenceItem)
        .find({ where: { caseId: record.id }, order: { receivedAt: 'ASC', id: 'ASC' } }),
      this.cases.mergedInto(record.id),
    ]);
    const evidence = [...own, ...merged.flatMap((m) => m.evidence)];
    for (const e of evidence) {
      if (!(await this.store.exists(e.sha256))) {
        this.logger.error(
          `evidence ${e.id} of case ${record.id}: stored file ${e.sha256} is missing`,
        );
        throw new DomainException(500, 'EVIDENCE_MISSING', 'A stored evidence file is missing');
      }
    }
    const names = await this.users.namesOf(evidence.map((e) => e.addedById));
    const now = this.clock.now();
    // The manifest's words in the language of the person who asks for it; its fields are codes.
    const items = packItems(
      evidence,
      names,
      this.translator.t('evidencePack.unknownUser', actor.language),
    );
    const manifest = {
      caseReference: record.reference,
      generatedAt: now.toISOString(),
      generatedBy: actor.name,
      about: this.translator.t('evidencePack.about', actor.language),
      items,
    };

    const zip = new ZipFile();
    const output = zip.outputStream as Readable;
    zip.on('error', (error: Error) => output.destroy(error));
    const stop = () => output.destroy(cancel?.reason as Error);
    cancel?.addEventListener('abort', stop, { once: true });
    const text = (s: string) => Buffer.from(s, 'utf8');
    zip.addBuffer(text(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', { mtime: now });
    zip.addBuffer(text(manifestCsv(items)), 'manifest.csv', { mtime: now });
    evidence.forEach((e, i) => {
      // Lazily, so one stored file is open at a time (one S3 request, not one per item), and
      // re-hashed on the way: a pack never carries bytes that do not match their record.
      zip.addReadStreamLazy(
        items[i].file,
        { mtime: e.receivedAt, size: e.size, compress: false },
        (done) => {
          const check = hashCheck(e.sha256, () => {
            this.logger.error(`evidence ${e.id} of case ${record.id}: stored bytes changed`);
          });
          // yazl does not listen for its inputs' errors: a failed read or a damaged file ends
          // the ZIP here, which fails the temp file's write, so nothing is recorded or sent.
          check.on('error', (error) => output.destroy(error));
          const source = this.store.openRead(e.sha256);
          source.on('error', (error) => check.destroy(error));
          done(null, source.pipe(check));
        },
      );
    });
    zip.end();

    const written = await this.temp
      .write(output, { maxBytes: NO_SIZE_LIMIT })
      .finally(() => cancel?.removeEventListener('abort', stop));
    // Open, then unlink: the open handle keeps the bytes readable for this response, and the
    // file is gone from the disk whatever happens to the download afterwards.
    const handle = await open(written.tempPath, 'r').finally(() =>
      unlink(written.tempPath).catch(() => undefined),
    );
    try {
      if (cancel?.aborted) throw cancel.reason;
      await this.issued.record({
        sha256: written.sha256,
        caseId: record.id,
        schoolId: record.schoolId,
        reference: record.reference,
        variant: 'evidence_pack',
        generatedAt: now,
        generatedById: actor.userId,
      });
    } catch (error) {
      await handle.close();
      throw error;
    }
    return {
      stream: handle.createReadStream(),
      size: written.size,
      sha256: written.sha256,
      filename: `${record.reference}-evidence-pack.zip`,
    };
  }
}

export function packItems(
  evidence: EvidenceItem[],
  names: Map<string, string>,
  unknownUser = 'unknown user',
): PackItem[] {
  const width = Math.max(2, String(evidence.length).length);
  return evidence.map((e, i) => ({
    item: i + 1,
    file: `${String(i + 1).padStart(width, '0')}-${e.sha256.slice(0, 12)}.${EXTENSION[e.mimeType] ?? 'bin'}`,
    type: e.mimeType,
    size: e.size,
    sha256: e.sha256,
    capturedAt: e.capturedAt?.toISOString() ?? null,
    receivedAt: e.receivedAt.toISOString(),
    platform: e.platform,
    postUrl: e.postUrl,
    addedBy: names.get(e.addedById) ?? unknownUser,
  }));
}

export function manifestCsv(items: PackItem[]): string {
  const lines = [
    CSV_COLUMNS.map((c) => csvCell(c)),
    ...items.map((item) => CSV_COLUMNS.map((c) => csvCell(String(item[c] ?? '')))),
  ];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/** Passes bytes through, and fails the stream at its end if they do not hash to `sha256`. */
function hashCheck(sha256: string, onMismatch: () => void): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      if (hash.digest('hex') === sha256) return callback();
      onMismatch();
      callback(new DomainException(500, 'EVIDENCE_MISSING', 'A stored evidence file is damaged'));
    },
  });
}
