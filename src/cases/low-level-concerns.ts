import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import { CaseRecord } from './case.entity.js';
import { SchoolRulesService } from './school-rules.service.js';

export interface ConcernEntry {
  caseId: string;
  reference: string;
  reportedAt: string;
  status: string;
  response: string | null;
}

export interface ConcernGroup {
  subject: { userId: string | null; name: string | null; relationship: string };
  concerns: ConcernEntry[];
}

/**
 * The low-level-concern register (DOMAIN.md §5): every concern about one adult listed
 * together, for the head and the DSL, so that a pattern is seen. One adult is a linked account,
 * or the same name and relationship at the school. The register shows which concerns and when,
 * not what they say: each case is still opened only by those who may see it.
 */
@Injectable()
export class LowLevelConcerns {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: SchoolRulesService,
  ) {}

  async register(actor: Actor, schoolId: string): Promise<ConcernGroup[]> {
    const isHead = actor.hasRole(schoolId, 'headteacher');
    if (!isHead && !actor.hasRole(schoolId, 'dsl')) throw new NotFoundDomainException('School');
    const qb = this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where("c.schoolId = :schoolId AND c.classification = 'low_level_concern'", { schoolId })
      // Never a concern about the caller, nor one the head is kept out of.
      .andWhere('(c.subjectUserId IS NULL OR c.subjectUserId <> :me)', { me: actor.userId })
      .orderBy('c.reportedAt', 'ASC');
    if (isHead) qb.andWhere('c.headExcluded = :no', { no: false });
    const groups = new Map<string, ConcernGroup>();
    for (const c of await qb.getMany()) {
      const key = adultKey(c);
      const group = groups.get(key) ?? {
        subject: {
          userId: c.subjectUserId,
          name: c.subjectName,
          relationship: c.subjectRelationship,
        },
        concerns: [],
      };
      group.concerns.push({
        caseId: c.id,
        reference: c.reference,
        reportedAt: c.reportedAt.toISOString(),
        status: c.status,
        response: c.response,
      });
      groups.set(key, group);
    }
    return [...groups.values()].sort((a, b) => b.concerns.length - a.concerns.length);
  }

  /**
   * Other concerns about the same adult within the school's pattern window (12 months unless
   * the school says otherwise), before `c` was reported: a second one is a pattern to review.
   */
  async earlierConcerns(em: EntityManager, c: CaseRecord): Promise<CaseRecord[]> {
    const rules = await this.rules.rulesFor(c.schoolId, em);
    const since = new Date(c.reportedAt);
    since.setUTCMonth(since.getUTCMonth() - rules.llcPatternMonths);
    const qb = em
      .getRepository(CaseRecord)
      .createQueryBuilder('o')
      .where("o.schoolId = :schoolId AND o.classification = 'low_level_concern'", {
        schoolId: c.schoolId,
      })
      .andWhere('o.id <> :id', { id: c.id })
      .andWhere('o.reportedAt >= :since', { since: since.toISOString() });
    qb.andWhere(
      new Brackets((w) => {
        if (c.subjectUserId) w.where('o.subjectUserId = :uid', { uid: c.subjectUserId });
        if (c.subjectName)
          w.orWhere(
            'LOWER(TRIM(o.subjectName)) = :name AND o.subjectRelationship = :relationship',
            { name: c.subjectName.trim().toLowerCase(), relationship: c.subjectRelationship },
          );
        if (!c.subjectUserId && !c.subjectName) w.where('1 = 0');
      }),
    );
    return qb.getMany();
  }
}

function adultKey(c: CaseRecord): string {
  return c.subjectUserId
    ? `user:${c.subjectUserId}`
    : `name:${(c.subjectName ?? '').trim().toLowerCase()}|${c.subjectRelationship}`;
}
