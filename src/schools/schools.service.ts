import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { londonDate } from '../common/clock/london-time.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import type { Nation } from '../common/nation.js';
import { PolicyClause } from './policy-clause.entity.js';
import {
  approvalProblems,
  assignClauseCodes,
  policyInvalid,
  type ClauseDraft,
  type PolicyApproval,
} from './policy-codes.js';
import { PolicyAcknowledgement } from './policy-records.entity.js';
import { PolicyVersion } from './policy-version.entity.js';
import { School } from './school.entity.js';

export interface PolicyCatalogue {
  policyVersionId: string;
  version: number;
  clauses: { code: string; title: string; text: string | null }[];
  /** Null only on the model catalogue a school starts with. */
  approval: PolicyApproval | null;
}

@Injectable()
export class SchoolsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async findByCode(code: string): Promise<School | null> {
    return this.dataSource.getRepository(School).findOne({ where: { code: code.toUpperCase() } });
  }

  async findById(id: string): Promise<School | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(School).findOne({ where: { id } });
  }

  async create(
    em: EntityManager,
    code: string,
    name: string,
    nation: Nation = 'england',
  ): Promise<School> {
    const school = Object.assign(new School(), {
      id: randomUUID(),
      code: code.trim().toUpperCase(),
      name: name.trim(),
      nation,
      createdAt: this.clock.now(),
    });
    await em.getRepository(School).insert(school);
    return school;
  }

  /** Members only; anyone else gets the same 404 as for a school that does not exist. */
  async policyFor(actor: Actor, schoolId: string): Promise<PolicyCatalogue> {
    if (!actor.isMemberOf(schoolId)) throw new NotFoundDomainException('School');
    const catalogue = await this.currentPolicy(schoolId);
    if (!catalogue) throw new NotFoundDomainException('Policy');
    return catalogue;
  }

  /** The newest catalogue version with its clauses in order, in one query. */
  async currentPolicy(
    schoolId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<PolicyCatalogue | null> {
    const rows = await em
      .getRepository(PolicyVersion)
      .createQueryBuilder('v')
      .leftJoin(PolicyClause, 'c', 'c.policyVersionId = v.id')
      .select(['v.id AS "policyVersionId"', 'v.version AS "version"'])
      .addSelect(['v.approvedBy AS "approvedBy"', 'v.approvedOn AS "approvedOn"'])
      .addSelect(['v.reviewDue AS "reviewDue"'])
      .addSelect(['c.code AS "code"', 'c.title AS "title"', 'c.text AS "text"'])
      .where('v.schoolId = :schoolId', { schoolId })
      .andWhere(
        (qb) =>
          `v.version = ${qb
            .subQuery()
            .select('MAX(latest.version)')
            .from(PolicyVersion, 'latest')
            .where('latest.schoolId = v.schoolId')
            .getQuery()}`,
      )
      .orderBy('c.position', 'ASC')
      .getRawMany<{
        policyVersionId: string;
        version: number;
        approvedBy: string | null;
        approvedOn: string | null;
        reviewDue: string | null;
        code: string;
        title: string;
        text: string | null;
      }>();
    if (rows.length === 0) return null;
    const { approvedBy, approvedOn, reviewDue } = rows[0];
    return {
      policyVersionId: rows[0].policyVersionId,
      version: Number(rows[0].version),
      clauses: rows
        .filter((r) => r.code !== null)
        .map((r) => ({ code: r.code, title: r.title, text: r.text ?? null })),
      approval:
        approvedBy && approvedOn && reviewDue ? { approvedBy, approvedOn, reviewDue } : null,
    };
  }

  async policyVersionNumber(policyVersionId: string): Promise<number | null> {
    return (await this.policyVersionNumbers([policyVersionId])).get(policyVersionId) ?? null;
  }

  async policyVersionNumbers(policyVersionIds: string[]): Promise<Map<string, number>> {
    if (policyVersionIds.length === 0) return new Map();
    const versions = await this.dataSource.getRepository(PolicyVersion).find({
      where: { id: In([...new Set(policyVersionIds)]) },
      select: { id: true, version: true },
    });
    return new Map(versions.map((v) => [v.id, v.version]));
  }

  /**
   * Clause titles by code for each numbered catalogue version a list of cases cites (a case's
   * answer carries its school and version number, not the version's id). Keyed "schoolId:n".
   */
  async clauseTitles(
    versions: ReadonlyArray<{ schoolId: string; version: number }>,
  ): Promise<Map<string, Map<string, string>>> {
    const result = new Map<string, Map<string, string>>();
    const wanted = new Map(versions.map((v) => [`${v.schoolId}:${v.version}`, v]));
    if (wanted.size === 0) return result;
    const rows = await this.dataSource
      .getRepository(PolicyVersion)
      .find({ where: { schoolId: In([...new Set(versions.map((v) => v.schoolId))]) } });
    const ids = rows.filter((r) => wanted.has(`${r.schoolId}:${r.version}`));
    const clauses = ids.length
      ? await this.dataSource
          .getRepository(PolicyClause)
          .find({ where: { policyVersionId: In(ids.map((r) => r.id)) } })
      : [];
    for (const version of ids) {
      result.set(
        `${version.schoolId}:${version.version}`,
        new Map(
          clauses.filter((c) => c.policyVersionId === version.id).map((c) => [c.code, c.title]),
        ),
      );
    }
    return result;
  }

  /** When a person acknowledged one version of the policy, or null if they have not. */
  async acknowledgedAt(policyVersionId: string, userId: string): Promise<Date | null> {
    const found = await this.dataSource
      .getRepository(PolicyAcknowledgement)
      .findOne({ where: { policyVersionId, userId } });
    return found?.acknowledgedAt ?? null;
  }

  /** The clauses of one version with the school's own words, for staff to read. */
  async clausesWithText(
    policyVersionId: string,
  ): Promise<{ code: string; title: string; text: string | null }[]> {
    const clauses = await this.dataSource.getRepository(PolicyClause).find({
      where: { policyVersionId },
      order: { position: 'ASC' },
    });
    return clauses.map((c) => ({ code: c.code, title: c.title, text: c.text }));
  }

  /** The clauses of one (possibly older) catalogue version, in catalogue order. */
  async clausesOf(policyVersionId: string): Promise<{ code: string; title: string }[]> {
    const clauses = await this.dataSource.getRepository(PolicyClause).find({
      where: { policyVersionId },
      order: { position: 'ASC' },
    });
    return clauses.map((c) => ({ code: c.code, title: c.title }));
  }

  /**
   * A catalogue edit is a new version; earlier versions (and the cases pinned to them) stay.
   * Codes stay stable (assignClauseCodes): a kept clause keeps its code, a retired one's code is
   * never reused, a new clause without one gets the next free code. Every version an admin
   * publishes records its approval; only the model catalogue a school is created with (`null`)
   * has none.
   */
  async publishPolicy(
    em: EntityManager,
    schoolId: string,
    drafts: ReadonlyArray<ClauseDraft>,
    createdById: string | null,
    approval: PolicyApproval | null = null,
  ): Promise<PolicyVersion & { clauses: { code: string; title: string }[] }> {
    const current = await this.currentPolicy(schoolId, em);
    const everUsed = await em
      .getRepository(PolicyClause)
      .createQueryBuilder('c')
      .innerJoin(PolicyVersion, 'v', 'v.id = c.policyVersionId')
      .select('DISTINCT c.code', 'code')
      .where('v.schoolId = :schoolId', { schoolId })
      .getRawMany<{ code: string }>();
    // A kept clause sent without words (the admin's "CODE | title" list) keeps the words it had.
    const wordsOf = new Map(current?.clauses.map((c) => [c.code, c.text]) ?? []);
    const { clauses, problems } = assignClauseCodes(
      drafts.map((d) => {
        const code = d.code?.trim().toUpperCase() || null;
        const text = d.text === undefined && code ? wordsOf.get(code) : d.text;
        return { ...d, code, text };
      }),
      new Set(everUsed.map((r) => r.code)),
      new Set(current?.clauses.map((c) => c.code) ?? []),
    );
    if (approval) problems.push(...approvalProblems(approval, londonDate(this.clock.now())));
    if (problems.length > 0) throw policyInvalid(problems);
    const version = Object.assign(new PolicyVersion(), {
      id: randomUUID(),
      schoolId,
      version: (current?.version ?? 0) + 1,
      createdAt: this.clock.now(),
      createdById,
      approvedBy: approval?.approvedBy.trim() ?? null,
      approvedOn: approval?.approvedOn ?? null,
      reviewDue: approval?.reviewDue ?? null,
    });
    await em.getRepository(PolicyVersion).insert(version);
    await em.getRepository(PolicyClause).insert(
      clauses.map((c, position) => ({
        id: randomUUID(),
        policyVersionId: version.id,
        code: c.code,
        title: c.title,
        text: c.text,
        position,
      })),
    );
    return Object.assign(version, { clauses: clauses.map(({ code, title }) => ({ code, title })) });
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
