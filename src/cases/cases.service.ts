import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { EvidenceItem } from './evidence-item.entity.js';
import { SchoolsService, isUuid } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import { CaseEvent } from './case-event.entity.js';
import { CasePanelMember } from './case-panel-member.entity.js';
import { CaseRecord } from './case.entity.js';
import { CaseAccessRule, type CaseRelation } from './case-access.js';
import { toCaseDetail, type MergedReportInput } from './case-view.js';
import { CaseDetailResponse, CaseListResponse } from './dto/case-detail.response.js';
import { ListCasesQuery } from './dto/list-cases.query.js';
import { transitionsFor, workflowActor } from './case-procedure.js';
import { DEFAULT_RULES, SchoolRules, SchoolRulesService } from './school-rules.service.js';
import { runningClocks } from './workflow/index.js';

/**
 * How many of the newest cases (from the cursor on) a search, or the overdue list, tests row by
 * row before it turns to the indexes for the older ones: see list().
 */
const NEWEST_WINDOW = 4000;

/** A page's narrower list: the reports I filed, the cases I own, those with HR, those waiting for a panel. */
export type CaseScope = 'mine' | 'owned' | 'hr' | 'panels';

export interface VisibleCase {
  record: CaseRecord;
  relation: CaseRelation;
}

/** A decided case as the board's list shows it: which one, and when, nothing that pairs with a figure. */
export interface BoardSummaryEntry {
  id: string;
  reference: string;
  schoolId: string;
  decidedAt: Date;
}

interface Lookups {
  names: Map<string, string>;
  policyVersions: Map<string, number>;
  /** Each school's procedural rules, for the moves its cases offer. */
  rules: Map<string, SchoolRules>;
  /** The references of the cases these reports were merged into. */
  mergedInto?: Map<string, string>;
}

/**
 * Reading cases, with record-level access: "missing" and "not yours" are the same 404. Who may
 * see what is decided by one rule (CaseAccessRule), which builds both the list and the
 * single-case query.
 */
@Injectable()
export class CasesService {
  /** NEWEST_WINDOW; tests shrink it so a handful of cases exercises both steps of a list. */
  newestWindow = NEWEST_WINDOW;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly schools: SchoolsService,
    private readonly schoolRules: SchoolRulesService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
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
    if (!isUuid(caseId)) throw new NotFoundDomainException('Case');
    const rule = new CaseAccessRule(actor);
    const found = await this.withRelations(
      rule,
      this.query(rule, em).andWhere('c.id = :caseId', { caseId }).andWhere(rule.visible),
    );
    if (found.length === 0) throw new NotFoundDomainException('Case');
    return found[0];
  }

  async detail(actor: Actor, caseId: string): Promise<CaseDetailResponse> {
    return (await this.detailWithRelation(actor, caseId)).detail;
  }

  /**
   * A person reading the case through the API: the audit log keeps who read which case, when
   * and in what capacity (DOMAIN.md §8), ids only. The answers to a change are not reads of
   * their own: the change's entry already names the case.
   */
  async read(actor: Actor, caseId: string): Promise<CaseDetailResponse> {
    const found = await this.detailWithRelation(actor, caseId);
    await this.recordRead(actor, found, 'api');
    return found.detail;
  }

  /** The case page's read: audited like the API's. */
  async readForPage(actor: Actor, caseId: string) {
    const found = await this.detailWithRelation(actor, caseId);
    await this.recordRead(actor, found, 'page');
    return found;
  }

  private async recordRead(
    actor: Actor,
    found: { record: CaseRecord; relation: CaseRelation; detail: CaseDetailResponse },
    via: 'api' | 'page',
  ): Promise<void> {
    // Reports merged into the case were read with it (issue 21): the entry names them too.
    const merged = found.detail.mergedReports.map((m) => m.id);
    await this.audit.record({
      actorId: actor.userId,
      action: 'case.read',
      targetType: 'case',
      targetId: found.record.id,
      schoolId: found.record.schoolId,
      detail: {
        access: found.relation.access,
        via,
        ...(merged.length > 0 ? { mergedCaseIds: merged } : {}),
      },
    });
  }

  /** The case as the caller sees it, and how they relate to it (pages choose their forms by it). */
  async detailWithRelation(
    actor: Actor,
    caseId: string,
  ): Promise<{
    detail: CaseDetailResponse;
    relation: CaseRelation;
    record: CaseRecord;
    rules: SchoolRules;
  }> {
    const { record, relation } = await this.findVisible(actor, caseId);
    const [detail, rules] = await Promise.all([
      this.detailAs(actor, record, relation),
      this.schoolRules.rulesFor(record.schoolId),
    ]);
    return { detail, relation, record, rules };
  }

  /**
   * The answer to a change that ended the caller's own access (a panel deciding its appeal):
   * the case as it now stands, through the relation they acted in, this once.
   */
  async detailAfterOwnChange(
    actor: Actor,
    caseId: string,
    relationBefore: CaseRelation,
  ): Promise<CaseDetailResponse> {
    try {
      return await this.detail(actor, caseId);
    } catch (error) {
      if (!(error instanceof NotFoundDomainException)) throw error;
      const record = await this.dataSource
        .getRepository(CaseRecord)
        .findOneOrFail({ where: { id: caseId } });
      return this.detailAs(actor, record, { ...relationBefore, isPanelMember: false });
    }
  }

  private async detailAs(
    actor: Actor,
    record: CaseRecord,
    relation: CaseRelation,
  ): Promise<CaseDetailResponse> {
    const caseId = record.id;
    const [events, evidence, merged] = await Promise.all([
      this.dataSource.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } }),
      this.dataSource
        .getRepository(EvidenceItem)
        .find({ where: { caseId }, order: { receivedAt: 'ASC', id: 'ASC' } }),
      this.mergedInto(record.id),
    ]);
    return this.view(
      actor,
      record,
      relation,
      events,
      evidence,
      await this.lookups([record]),
      merged,
    );
  }

  /**
   * The reports merged into a case (issue 21), each with its own timeline and evidence, oldest
   * report first. Read with the case: whoever may read the case's content reads them.
   */
  async mergedInto(caseId: string): Promise<MergedReportInput[]> {
    const records = await this.dataSource
      .getRepository(CaseRecord)
      .find({ where: { mergedIntoCaseId: caseId }, order: { reportedAt: 'ASC', id: 'ASC' } });
    if (records.length === 0) return [];
    const ids = records.map((r) => r.id);
    const [events, evidence, names] = await Promise.all([
      this.dataSource
        .getRepository(CaseEvent)
        .find({ where: { caseId: In(ids) }, order: { seq: 'ASC' } }),
      this.dataSource
        .getRepository(EvidenceItem)
        .find({ where: { caseId: In(ids) }, order: { receivedAt: 'ASC', id: 'ASC' } }),
      this.users.namesOf(records.map((r) => r.reporterId)),
    ]);
    return records.map((record) => ({
      record,
      events: events.filter((e) => e.caseId === record.id),
      evidence: evidence.filter((e) => e.caseId === record.id),
      reporterName: names.get(record.reporterId) ?? null,
    }));
  }

  /** `scope` narrows the visible cases for a page; it never widens what the access rule allows. */
  /**
   * Which of these cases have a panel sitting now, so an appointer's list can say the panel is
   * appointed rather than ask for one. Ids only: the caller has listed the cases with access.
   */
  async withSittingPanel(caseIds: string[]): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows = await this.dataSource
      .getRepository(CasePanelMember)
      .createQueryBuilder('p')
      .select('p.caseId', 'caseId')
      .where('p.caseId IN (:...caseIds)', { caseIds })
      .andWhere('p.endedAt IS NULL')
      .getRawMany<{ caseId: string }>();
    return new Set(rows.map((r) => r.caseId));
  }

  async list(actor: Actor, query: ListCasesQuery, scope?: CaseScope): Promise<CaseListResponse> {
    const limit = query.limit ?? 25;
    const rule = new CaseAccessRule(actor);
    const term = query.q?.trim() || null;
    const search = term ? this.search(rule, term) : null;
    const now = this.clock.now().toISOString();
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    /** The cases the caller may see, narrowed by everything asked but the search. */
    const filtered = () => {
      const qb = this.query(rule);
      // The search's cheap test first, so most rows are turned away before the access rule.
      if (search) qb.andWhere(search.prefilter, search.params);
      qb.andWhere(rule.visible);
      if (query.mine === 'true' || scope === 'mine') qb.andWhere(rule.reporter);
      if (scope === 'owned') qb.andWhere(rule.owner);
      if (scope === 'hr') qb.andWhere(rule.hr);
      if (scope === 'panels') qb.andWhere(`(${rule.panel} OR ${rule.appointer})`);
      if (query.status) qb.andWhere('c.status = :status', { status: query.status });
      if (query.type) qb.andWhere('c.type = :type', { type: query.type });
      if (query.clause)
        qb.andWhere('c.clauseCodes LIKE :clause', { clause: `%"${query.clause.toUpperCase()}"%` });
      if (query.overdue === 'true') qb.andWhere('c.dueAt IS NOT NULL AND c.dueAt < :now', { now });
      if (query.overdue === 'false') qb.andWhere('(c.dueAt IS NULL OR c.dueAt >= :now)', { now });
      if (cursor) {
        qb.andWhere('(c.reportedAt < :ra OR (c.reportedAt = :ra AND c.id < :cid))', {
          ra: cursor[0],
          cid: cursor[1],
        });
      }
      if (search) qb.andWhere(search.matches, search.params);
      return qb;
    };
    const newestFirst = (qb: SelectQueryBuilder<CaseRecord>, take: number) =>
      this.withRelations(
        rule,
        qb.orderBy('c.reportedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(take),
      );
    let rows: VisibleCase[];
    if (!search && query.overdue !== 'true') {
      rows = await newestFirst(filtered(), limit + 1);
    } else {
      // A search is answered newest first in two steps, because neither plan alone is fast for
      // every term (measured at 1,000,000 cases, scripts/bench/case-list.mjs):
      // 1. the newest NEWEST_WINDOW (4,000) cases from the cursor on, walking the (reportedAt, id)
      //    index and testing each row (cheap LIKE first, the access rule only for the few that
      //    match). A common word (`livestream`, in 2% of reports) fills a page here; answering
      //    it from the trigram index instead collected and sorted its tens of thousands of
      //    matches (about 400 ms).
      // 2. only when the window held less than a page: the older cases, starting from the
      //    rows the trigram indexes name (report text, references; screenshot text has no
      //    index and is read whole, as before), combined by UNION of rowids rather than OR, so
      //    a rare term (`OAK-2025-01`, a few hundred cases) or no match at all reads only those
      //    rows, not every case older than the window (the OR with `reference LIKE` did: 465
      //    ms at 1,000,000 cases). A common word that the window misses (a caller who sees few
      //    of the newest cases, or a word only old reports use) still collects all its matches
      //    here, as the single query did before the window.
      // The overdue list takes the same two steps: in one query SQLite chose the dueAt index,
      // read every overdue case (5,000 at 1,000,000) and sorted them (20-25 ms of SQL, p95
      // near 50 ms); overdue cases are mostly recent, so the window usually fills the page
      // (about 1 ms), and the older step still has the dueAt index when it does not.
      // Both steps test the same `matches` condition, so the split changes the plan only.
      const boundary = await this.windowEnd(cursor);
      const recent = filtered();
      if (boundary !== null) recent.andWhere('c.reportedAt > :windowEnd', { windowEnd: boundary });
      rows = await newestFirst(recent, limit + 1);
      if (boundary !== null && rows.length <= limit) {
        const older = filtered().andWhere('c.reportedAt <= :windowEnd', { windowEnd: boundary });
        if (search?.candidates) older.andWhere(search.candidates, search.params);
        rows = rows.concat(await newestFirst(older, limit + 1 - rows.length));
      }
    }
    const page = rows.slice(0, limit);
    const lookups = await this.lookups(page.map((r) => r.record));
    const items = page.map(({ record, relation }) =>
      this.view(actor, record, relation, [], [], lookups),
    );
    const last = page.at(-1)?.record;
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeCursor(last.reportedAt.toISOString(), last.id) : null,
    };
  }

  /**
   * The report time of the newestWindow-th newest case after the cursor (whoever may see it),
   * or null when fewer remain: cases reported later than it form the list's first window.
   * Every case's time, not only the caller's, so it costs one index walk whoever asks.
   */
  private async windowEnd(cursor: [string, string] | null): Promise<unknown> {
    const qb = this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .select('c.reportedAt', 'reportedAt');
    if (cursor) {
      qb.where('(c.reportedAt < :ra OR (c.reportedAt = :ra AND c.id < :cid))', {
        ra: cursor[0],
        cid: cursor[1],
      });
    }
    const row = await qb
      .orderBy('c.reportedAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .offset(this.newestWindow)
      .limit(1)
      .getRawOne<{ reportedAt: unknown }>();
    return row?.reportedAt ?? null;
  }

  /**
   * Decided cases whose governors' summary the caller may read, newest first. Only which case
   * and when: a list pairing classification, finding and sanction for a handful of cases would
   * undo the suppression of small figures (README, "Governors").
   */
  async boardSummaries(actor: Actor, limit = 100): Promise<BoardSummaryEntry[]> {
    const rule = new CaseAccessRule(actor);
    const rows = await this.query(rule)
      .andWhere(rule.boardSummary)
      .orderBy('c.decidedAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit)
      .getMany();
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      schoolId: r.schoolId,
      decidedAt: r.decidedAt ?? r.reportedAt,
    }));
  }

  /** The case when the caller may read its governors' summary (or see it at all), else 404. */
  async findForBoardSummary(actor: Actor, caseId: string): Promise<VisibleCase> {
    if (!isUuid(caseId)) throw new NotFoundDomainException('Case');
    const rule = new CaseAccessRule(actor);
    const found = await this.withRelations(
      rule,
      this.query(rule)
        .andWhere('c.id = :caseId', { caseId })
        .andWhere(`(${rule.visible} OR ${rule.boardSummary})`),
    );
    if (found.length === 0) throw new NotFoundDomainException('Case');
    return found[0];
  }

  /**
   * The case a report has just created, as its reporter sees it, from the rows the same request
   * wrote; only the caller's relation is read, through the same rule as every other read.
   */
  async present(
    actor: Actor,
    record: CaseRecord,
    events: CaseEvent[],
    evidence: EvidenceItem[],
    lookups: Omit<Lookups, 'rules'>,
  ): Promise<CaseDetailResponse> {
    const rule = new CaseAccessRule(actor);
    const [found] = await this.withRelations(
      rule,
      this.query(rule).andWhere('c.id = :caseId', { caseId: record.id }).andWhere(rule.visible),
    );
    // Someone filing a report about themself is kept out of the case, but sees what they sent.
    const relation: CaseRelation = found?.relation ?? {
      access: 'reporter',
      isOwner: false,
      isHr: false,
      isPanelMember: false,
      isAppointer: false,
      isHearingManager: false,
      isReporter: true,
      mayReadBoardSummary: false,
    };
    // A reporter's view offers no moves and shows no procedure: it needs no school rules.
    const rules =
      relation.access === 'reporter'
        ? DEFAULT_RULES
        : await this.schoolRules.rulesFor(record.schoolId);
    return this.view(actor, record, relation, events, evidence, {
      ...lookups,
      rules: new Map([[record.schoolId, rules]]),
    });
  }

  /**
   * Reports the caller may merge into this case (issue 21): their own open ones of its school,
   * before a hearing and not merged already. The merge itself checks everything again; the list
   * only spares the owner a choice that would certainly fail.
   */
  async mergeCandidates(
    actor: Actor,
    into: CaseRecord,
  ): Promise<Pick<CaseRecord, 'id' | 'reference' | 'version' | 'reportedAt' | 'subjectName'>[]> {
    const rule = new CaseAccessRule(actor);
    return this.query(rule)
      .select(['c.id', 'c.reference', 'c.version', 'c.reportedAt', 'c.subjectName'])
      .andWhere(rule.owner)
      .andWhere('c.schoolId = :schoolId AND c.id <> :intoId', {
        schoolId: into.schoolId,
        intoId: into.id,
      })
      .andWhere("c.status IN ('reported', 'investigating', 'hr_advice', 'on_hold')")
      .andWhere('c.mergedIntoCaseId IS NULL')
      .orderBy('c.reportedAt', 'DESC')
      .limit(50)
      .getMany();
  }

  /** Of these cases, the ones the caller owns or advises on, with their references. */
  async ownedOrAdvisedAmong(
    actor: Actor,
    caseIds: string[],
  ): Promise<{ id: string; reference: string }[]> {
    if (caseIds.length === 0) return [];
    const rule = new CaseAccessRule(actor);
    const rows = await this.query(rule)
      .select(['c.id', 'c.reference'])
      .andWhere('c.id IN (:...caseIds)', { caseIds })
      .andWhere(rule.ownerOrHr)
      .getMany();
    return rows.map((r) => ({ id: r.id, reference: r.reference }));
  }

  private query(rule: CaseAccessRule, em: EntityManager = this.dataSource.manager) {
    return em.getRepository(CaseRecord).createQueryBuilder('c').where('1 = 1', rule.params);
  }

  private async withRelations(
    rule: CaseAccessRule,
    qb: SelectQueryBuilder<CaseRecord>,
  ): Promise<VisibleCase[]> {
    for (const [expression, alias] of rule.selections()) qb.addSelect(expression, alias);
    const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
    // Rows and entities come back in the same order; neither query joins anything.
    return entities.map((record, i) => ({
      record,
      relation: CaseAccessRule.relationFrom(raw[i]) ?? fail(record.id),
    }));
  }

  /** Names, catalogue versions and school rules for a page of cases, fetched once rather than per case. */
  private async lookups(records: CaseRecord[]): Promise<Lookups> {
    const schoolIds = [...new Set(records.map((r) => r.schoolId))];
    const targets = [
      ...new Set(records.map((r) => r.mergedIntoCaseId).filter((id): id is string => !!id)),
    ];
    const [names, policyVersions, rules, merged] = await Promise.all([
      this.users.namesOf(records.map((r) => r.reporterId)),
      this.schools.policyVersionNumbers(records.map((r) => r.policyVersionId)),
      Promise.all(schoolIds.map((id) => this.schoolRules.rulesFor(id))),
      targets.length
        ? this.dataSource
            .getRepository(CaseRecord)
            .find({ where: { id: In(targets) }, select: { id: true, reference: true } })
        : [],
    ]);
    return {
      names,
      policyVersions,
      rules: new Map(schoolIds.map((id, i) => [id, rules[i]])),
      mergedInto: new Map(merged.map((m) => [m.id, m.reference])),
    };
  }

  private view(
    actor: Actor,
    record: CaseRecord,
    relation: CaseRelation,
    events: CaseEvent[],
    evidence: EvidenceItem[],
    lookups: Lookups,
    merged: MergedReportInput[] = [],
  ): CaseDetailResponse {
    const now = this.clock.now();
    const target = record.mergedIntoCaseId;
    const rules = lookups.rules.get(record.schoolId) ?? DEFAULT_RULES;
    return toCaseDetail({
      record,
      relation,
      events,
      evidence,
      policyVersion: lookups.policyVersions.get(record.policyVersionId) ?? null,
      reporterName: lookups.names.get(record.reporterId) ?? null,
      now,
      nation: rules.nation,
      clocks: runningClocks(
        record,
        this.schoolRules.calendarFor(rules),
        rules.appealWindowWorkingDays,
      ),
      allowedTransitions: transitionsFor(record, workflowActor(record, relation, actor.userId), {
        rules,
        calendar: this.schoolRules.calendarFor(rules),
        now,
      }),
      viewerId: actor.userId,
      mergedInto: target ? { id: target, reference: lookups.mergedInto?.get(target) ?? '' } : null,
      merged,
    });
  }

  /**
   * Text search: the reference for anyone who sees the case; the report text and the subject's
   * name only where the caller may read them (owner, HR, a sitting panel; a reporter their own
   * description); the text read by machine from a case's screenshots only for its owner and
   * HR, who alone see the images it came from.
   * - `matches` decides, row by row, with plain LIKE (ILIKE on PostgreSQL);
   * - `prefilter` is true wherever `matches` is, without the access rule: the cheap test a
   *   walk over many rows makes first;
   * - `candidates`, when the indexes can serve the term, is true wherever `matches` is and
   *   names the rows through the trigram indexes (SQLite FTS5 tables case_search and
   *   case_reference_search; PostgreSQL pg_trgm GIN indexes), combined by UNION rather than
   *   OR so each branch uses its index. Null when no index serves the term (SQLite's trigram
   *   tables need three characters or more, and no LIKE wildcard to escape).
   */
  private search(
    rule: CaseAccessRule,
    term: string,
  ): { matches: string; prefilter: string; candidates: string | null; params: ObjectLiteral } {
    const like = `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    // SQLite's LIKE already ignores ASCII case (as its LOWER() does); PostgreSQL needs ILIKE.
    const postgres = this.dataSource.options.type === 'postgres';
    const op = postgres ? 'ILIKE' : 'LIKE';
    const has = (column: string) => `${column} ${op} :like ESCAPE '\\'`;
    const inReference = couldBeInReference(term);
    const inScreenshots = `EXISTS (SELECT 1 FROM evidence_item ei
      INNER JOIN evidence_text et ON et."sha256" = ei."sha256"
      WHERE ei."caseId" = c."id" AND ${has('et."text"')})`;
    const readsText = `(${rule.ownerOrHr} OR ${rule.panel})`;
    const matches = [
      ...(inReference ? [has('c.reference')] : []),
      `(${readsText} AND (${has('c.description')} OR ${has('c.subjectName')}))`,
      `(${rule.reporter} AND ${has('c.description')})`,
      `(${rule.ownerOrHr} AND ${inScreenshots})`,
    ].join(' OR ');
    const prefilter = [
      ...(inReference ? [has('c.reference')] : []),
      has('c.description'),
      has('c.subjectName'),
      inScreenshots,
    ].join(' OR ');
    const screenshotCases = `SELECT ei."caseId" FROM evidence_item ei
      INNER JOIN evidence_text et ON et."sha256" = ei."sha256" WHERE ${has('et."text"')}`;
    let candidates: string | null = null;
    if (postgres) {
      const column = (name: string) =>
        `SELECT r."id" FROM case_record r WHERE ${has(`r."${name}"`)}`;
      candidates = `c.id IN (${[
        ...(inReference ? [column('reference')] : []),
        column('description'),
        column('subjectName'),
        screenshotCases,
      ].join(' UNION ')})`;
    } else if (term.length >= 3 && !/[\\%_]/.test(term)) {
      candidates = `c.rowid IN (${[
        ...(inReference
          ? [
              'SELECT rowid FROM case_reference_search WHERE case_reference_search.reference LIKE :like',
            ]
          : []),
        'SELECT rowid FROM case_search WHERE case_search.description LIKE :like',
        'SELECT rowid FROM case_search WHERE case_search.subjectName LIKE :like',
        `SELECT s.rowid FROM case_record s WHERE s."id" IN (${screenshotCases})`,
      ].join(' UNION ')})`;
    }
    return { matches: `(${matches})`, prefilter: `(${prefilter})`, candidates, params: { like } };
  }
}

function fail(caseId: string): never {
  throw new Error(`case ${caseId}: selected without a relation`);
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
