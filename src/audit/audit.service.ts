import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AuditEntry } from './audit-entry.entity.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The tombstone a retention deletion leaves: it outlives the case (records/, documents/ read it). */
export const RETENTION_TOMBSTONE = 'case.deleted_under_retention';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  schoolId?: string | null;
  /** Ids, codes and hashes only; never free text, names or evidence. */
  detail?: Record<string, unknown>;
}

export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** Narrows an audit query (alias `a`) to the entries one caller may count. */
export type AuditScope = (qb: SelectQueryBuilder<AuditEntry>) => void;

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  firstBrokenSeq?: number;
}

/** Arbitrary constant naming the PostgreSQL advisory lock that orders audit appends. */
const AUDIT_LOCK_KEY = 7_212_026;

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Appends inside the caller's transaction, so the entry commits or rolls back with the change. */
  async append(em: EntityManager, record: AuditRecord): Promise<AuditEntry> {
    if (this.transactions.isPostgres) {
      // Appends from concurrent transactions must take turns or two would claim the same seq.
      await em.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
    }
    const head = await em
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .orderBy('a.seq', 'DESC')
      .limit(1)
      .getOne();
    const entry = Object.assign(new AuditEntry(), {
      seq: (head?.seq ?? 0) + 1,
      at: this.clock.now(),
      actorId: record.actorId,
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      schoolId: record.schoolId ?? null,
      detail: JSON.stringify(record.detail ?? {}),
      prevHash: head?.hash ?? GENESIS_HASH,
    });
    entry.hash = hashEntry(entry);
    await em.getRepository(AuditEntry).insert(entry);
    this.logger.debug(`audit ${entry.seq} ${entry.action} ${entry.targetType}:${entry.targetId}`);
    return entry;
  }

  /** For events that are not part of another write, such as a failed login. */
  record(record: AuditRecord): Promise<AuditEntry> {
    return this.transactions.run((em) => this.append(em, record));
  }

  async head(): Promise<AuditAnchor | null> {
    const head = await this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .orderBy('a.seq', 'DESC')
      .limit(1)
      .getOne();
    return head ? { seq: head.seq, hash: head.hash } : null;
  }

  /**
   * Walks the whole chain in pages. With an anchor (a head printed earlier and kept elsewhere)
   * it also catches the newest entries having been deleted, which a chain alone cannot show.
   * `scope` narrows what is reported, not what is checked: the count of the caller's own
   * entries, and where the chain broke only when that entry is one of them; the whole chain is
   * walked either way, since one school's entries are chained to every other's.
   */
  async verify(anchor?: AuditAnchor, scope?: AuditScope): Promise<ChainVerdict> {
    const verdict = await this.walk(anchor);
    if (!scope) return verdict;
    const count = (qb: SelectQueryBuilder<AuditEntry>) => {
      scope(qb);
      return qb.getCount();
    };
    const repo = this.dataSource.getRepository(AuditEntry);
    const entries = await count(repo.createQueryBuilder('a'));
    const broken = verdict.firstBrokenSeq;
    const brokenIsOurs =
      broken !== undefined &&
      (await count(repo.createQueryBuilder('a').where('a.seq = :broken', { broken }))) > 0;
    return brokenIsOurs
      ? { ok: verdict.ok, entries, firstBrokenSeq: broken }
      : { ok: verdict.ok, entries };
  }

  private async walk(anchor?: AuditAnchor): Promise<ChainVerdict> {
    const repo = this.dataSource.getRepository(AuditEntry);
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let anchorSeen = false;
    const pageSize = 1000;
    for (;;) {
      const page = await repo
        .createQueryBuilder('a')
        .where('a.seq >= :from', { from: expectedSeq })
        .orderBy('a.seq', 'ASC')
        .limit(pageSize)
        .getMany();
      for (const entry of page) {
        if (
          entry.seq !== expectedSeq ||
          entry.prevHash !== prevHash ||
          hashEntry(entry) !== entry.hash
        ) {
          return { ok: false, entries: expectedSeq - 1, firstBrokenSeq: expectedSeq };
        }
        if (anchor && entry.seq === anchor.seq) {
          if (entry.hash !== anchor.hash) {
            return { ok: false, entries: expectedSeq - 1, firstBrokenSeq: entry.seq };
          }
          anchorSeen = true;
        }
        prevHash = entry.hash;
        expectedSeq++;
      }
      if (page.length < pageSize) break;
    }
    const entries = expectedSeq - 1;
    if (anchor && !anchorSeen) {
      // The anchored entry is gone: everything from it onwards was removed.
      return { ok: false, entries, firstBrokenSeq: Math.min(anchor.seq, entries + 1) };
    }
    return { ok: true, entries };
  }
}

/** The hash covers every field and the previous hash, so editing any past entry breaks the chain. */
export function hashEntry(e: AuditEntry): string {
  const canonical = JSON.stringify([
    e.seq,
    e.at.toISOString(),
    e.actorId,
    e.action,
    e.targetType,
    e.targetId,
    e.schoolId,
    e.detail,
    e.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
