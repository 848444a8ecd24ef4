import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { EvidenceItem } from './evidence-item.entity.js';
import { SchoolsService, isUuid } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import { CaseEvent } from './case-event.entity.js';
import { CaseRecord } from './case.entity.js';
import { CaseRelation, DECIDED_STATUSES, relationTo } from './case-access.js';
import { toCaseDetail } from './case-view.js';
import { CaseDetailResponse, CaseListResponse } from './dto/case-detail.response.js';
import { ListCasesQuery } from './dto/list-cases.query.js';
import { allowedTransitions, CaseSnapshot } from './workflow/index.js';

export type CaseScope = 'mine' | 'owned' | 'hr' | 'board';

const OWNER_CONDITION = `((c.ownerRole = 'headteacher' AND c.schoolId IN (:...heads)) OR (c.ownerRole = 'chair_of_governors' AND c.schoolId IN (:...chairs)))`;
const HR_CONDITION = `(c.hrReachedAt IS NOT NULL AND c.schoolId IN (:...hrs))`;
const BOARD_CONDITION = `(c.status IN (:...decided) AND c.schoolId IN (:...boards))`;

interface Lookups {
  names: Map<string, string>;
  policyVersions: Map<string, number>;
}

export interface VisibleCase {
  record: CaseRecord;
  relation: CaseRelation;
}

/** Reading cases, with record-level access: "missing" and "not yours" are the same 404. */
@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly schools: SchoolsService,
    private readonly clock: Clock,
  ) {}

  /**
   * The case and the caller's relation to it, or the same 404 for "missing" and "not yours".
   * Pass the transaction's manager when the answer decides a write, so it reads the state the
   * write will change.
   */
  async findVisible(
    actor: Actor,
    caseId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<VisibleCase> {
    const record = isUuid(caseId)
      ? await em.getRepository(CaseRecord).findOne({ where: { id: caseId } })
      : null;
    if (!record) throw new NotFoundDomainException('Case');
    const relation = relationTo(actor, record);
    if (relation.visibility === 'none') throw new NotFoundDomainException('Case');
    return { record, relation };
  }

  async detail(actor: Actor, caseId: string): Promise<CaseDetailResponse> {
    const { record, relation } = await this.findVisible(actor, caseId);
    const [events, evidence] = await Promise.all([
      this.dataSource.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } }),
      this.dataSource
        .getRepository(EvidenceItem)
        .find({ where: { caseId }, order: { receivedAt: 'ASC', id: 'ASC' } }),
    ]);
    return this.view(actor, record, relation, events, evidence, await this.lookups([record]));
  }

  /**
   * `scope` narrows the visible cases for a page: the reports I filed, the cases I own, those
   * with HR, or decided ones for the board. It never widens what visibleTo() allows.
   */
  async list(actor: Actor, query: ListCasesQuery, scope?: CaseScope): Promise<CaseListResponse> {
    const limit = query.limit ?? 25;
    const qb = this.visibleTo(actor, query.q);
    if (query.mine === 'true' || scope === 'mine') qb.andWhere('c.reporterId = :me');
    if (scope === 'owned') qb.andWhere(OWNER_CONDITION);
    if (scope === 'hr') qb.andWhere(HR_CONDITION);
    if (scope === 'board') qb.andWhere(BOARD_CONDITION);
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    if (query.clause)
      qb.andWhere('c.clauseCodes LIKE :clause', { clause: `%"${query.clause.toUpperCase()}"%` });
    const now = this.clock.now().toISOString();
    if (query.overdue === 'true') qb.andWhere('c.dueAt IS NOT NULL AND c.dueAt < :now', { now });
    if (query.overdue === 'false') qb.andWhere('(c.dueAt IS NULL OR c.dueAt >= :now)', { now });
    if (query.cursor) {
      const [reportedAt, id] = decodeCursor(query.cursor);
      qb.andWhere('(c.reportedAt < :ra OR (c.reportedAt = :ra AND c.id < :cid))', {
        ra: reportedAt,
        cid: id,
      });
    }
    const rows = await qb
      .orderBy('c.reportedAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const lookups = await this.lookups(page);
    const items = page.map((record) =>
      this.view(actor, record, relationTo(actor, record), [], [], lookups),
    );
    const last = page.at(-1);
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeCursor(last.reportedAt.toISOString(), last.id) : null,
    };
  }

  /**
   * A case as this caller sees it, from rows the caller's own request has just written, so
   * nothing is read back. `names` covers the people the view may name.
   */
  async present(
    actor: Actor,
    record: CaseRecord,
    events: CaseEvent[],
    evidence: EvidenceItem[],
    lookups: Lookups,
  ): Promise<CaseDetailResponse> {
    const relation = relationTo(actor, record);
    // Someone filing a report about themself is excluded from the case, but may see what they sent.
    if (relation.visibility === 'none' && record.reporterId === actor.userId)
      relation.visibility = 'reporter';
    if (relation.visibility === 'none') throw new NotFoundDomainException('Case');
    return this.view(actor, record, relation, events, evidence, lookups);
  }

  snapshotOf(record: CaseRecord): CaseSnapshot {
    return {
      status: record.status,
      ownerRole: record.ownerRole,
      classification: record.classification,
      hrAdviceCount: record.hrAdviceCount,
      outcome:
        record.finding && record.sanction && record.decidedAt
          ? {
              finding: record.finding,
              sanction: record.sanction,
              decidedAt: record.decidedAt,
              appealResult: record.appealResult,
            }
          : null,
      appealLodgedAt: record.appealLodgedAt,
    };
  }

  /** Names and catalogue versions for a page of cases, fetched once rather than per case. */
  private async lookups(records: CaseRecord[]): Promise<Lookups> {
    const [names, policyVersions] = await Promise.all([
      this.users.namesOf(records.map((r) => r.reporterId)),
      this.schools.policyVersionNumbers(records.map((r) => r.policyVersionId)),
    ]);
    return { names, policyVersions };
  }

  private view(
    actor: Actor,
    record: CaseRecord,
    relation: CaseRelation,
    events: CaseEvent[],
    evidence: EvidenceItem[],
    lookups: Lookups,
  ): CaseDetailResponse {
    const now = this.clock.now();
    return toCaseDetail({
      record,
      relation,
      events,
      evidence,
      // A reporter's view shows neither; the mapper leaves them out anyway.
      policyVersion: lookups.policyVersions.get(record.policyVersionId) ?? null,
      reporterName:
        relation.visibility === 'full' ? (lookups.names.get(record.reporterId) ?? null) : null,
      now,
      allowedTransitions: allowedTransitions(this.snapshotOf(record), relation, now),
      viewerId: actor.userId,
    });
  }

  /**
   * The cases a person may see, as SQL, mirroring relationTo(): owner, HR after referral,
   * governors once decided, the reporter; never the subject, and never the head when the head
   * is the subject.
   */
  private visibleTo(actor: Actor, q: string | undefined): SelectQueryBuilder<CaseRecord> {
    const none = ['00000000-0000-0000-0000-000000000000'];
    const ids = (role: Parameters<Actor['schoolsWhere']>[0]) => {
      const schools = actor.schoolsWhere(role);
      return schools.length > 0 ? schools : none;
    };
    const params = {
      me: actor.userId,
      heads: ids('headteacher'),
      chairs: ids('chair_of_governors'),
      hrs: ids('hr'),
      boards: [...ids('governor'), ...ids('chair_of_governors')],
      decided: [...DECIDED_STATUSES],
    };
    const reporter = `(c.reporterId = :me)`;
    const qb = this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('(c.subjectUserId IS NULL OR c.subjectUserId <> :me)', params)
      .andWhere(`NOT (c.ownerRole = 'chair_of_governors' AND c.schoolId IN (:...heads))`)
      .andWhere(`(${OWNER_CONDITION} OR ${HR_CONDITION} OR ${BOARD_CONDITION} OR ${reporter})`);
    if (q && q.trim()) {
      const term = q.trim();
      const like = `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      // SQLite's LIKE already ignores ASCII case (as its LOWER() does); PostgreSQL needs ILIKE.
      const postgres = this.dataSource.options.type === 'postgres';
      const op = postgres ? 'ILIKE' : 'LIKE';
      // On SQLite, report text is searched through its trigram index (migration CaseSearch),
      // which serves plain terms of three characters or more.
      const indexed = !postgres && term.length >= 3 && !/[\\%_]/.test(term);
      const matches = (column: 'description' | 'subjectName') =>
        indexed
          ? `c.rowid IN (SELECT rowid FROM case_search WHERE case_search.${column} LIKE :like)`
          : `c.${column} ${op} :like ESCAPE '\\'`;
      const inReference = couldBeInReference(term);
      if (indexed && !inReference) {
        // Only text can match: start from the index's few matching rows, not from every case.
        // Owner and HR may match on either column; a reporter on the description only.
        qb.andWhere(
          `c.rowid IN (SELECT rowid FROM case_search WHERE case_search.description LIKE :like
             UNION SELECT rowid FROM case_search WHERE case_search.subjectName LIKE :like)`,
          { like },
        );
        qb.andWhere(
          `((${OWNER_CONDITION} OR ${HR_CONDITION}) OR (${reporter} AND ${matches('description')}))`,
          {
            like,
          },
        );
        return qb;
      }
      qb.andWhere(
        new Brackets((w) => {
          if (inReference) w.orWhere(`c.reference ${op} :like ESCAPE '\\'`, { like });
          w.orWhere(
            `((${OWNER_CONDITION} OR ${HR_CONDITION}) AND (${matches('description')} OR ${matches('subjectName')}))`,
            { like },
          );
          w.orWhere(`(${reporter} AND ${matches('description')})`, { like });
        }),
      );
    }
    return qb;
  }
}

function encodeCursor(reportedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([reportedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value[0]) &&
      typeof value[1] === 'string' &&
      isUuid(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through to the 400 below
  }
  throw new DomainException(400, 'INVALID_CURSOR', 'cursor is not one this API returned');
}

/** References look like OAK-2026-0007 (a code of at most 8 letters): only such text can occur in one. */
export function couldBeInReference(term: string): boolean {
  return /^[A-Za-z0-9-]+$/.test(term) && (/[0-9-]/.test(term) || term.length <= 8);
}
