import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { isUniqueViolation } from '../common/database/unique-violation.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import type { Role } from '../common/role.js';
import { PolicyAcknowledgement } from '../schools/policy-records.entity.js';
import { PolicyVersion } from '../schools/policy-version.entity.js';
import { School } from '../schools/school.entity.js';
import { Membership } from '../users/membership.entity.js';
import { User } from '../users/user.entity.js';

/** The school's employees, who are told the policy and acknowledge it; governors are not. */
export const ACKNOWLEDGING_ROLES: readonly Role[] = ['staff', 'headteacher', 'dsl', 'admin'];

/** A version a person has still to read and acknowledge. */
export interface PendingPolicy {
  schoolId: string;
  schoolName: string;
  policyVersionId: string;
  version: number;
}

export interface AcknowledgementStatus {
  version: number;
  acknowledged: { userId: string; name: string; acknowledgedAt: Date }[];
  outstanding: { userId: string; name: string }[];
}

/**
 * Staff acknowledge each version of the school's policy (DOMAIN.md §10): at induction and each
 * time it changes. Only a version the school approved is asked for: the model catalogue a
 * school starts with is nobody's policy yet. An acknowledgement is written once and never
 * changed; it belongs to the version, so a new version asks again.
 */
@Injectable()
export class PolicyAcknowledgements {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The versions in force at the person's schools that they have not acknowledged yet. */
  async pending(actor: Actor): Promise<PendingPolicy[]> {
    const schoolIds = [...new Set(ACKNOWLEDGING_ROLES.flatMap((role) => actor.schoolsWhere(role)))];
    if (schoolIds.length === 0) return [];
    const inForce = await this.inForce(schoolIds);
    if (inForce.length === 0) return [];
    const done = await this.dataSource.getRepository(PolicyAcknowledgement).find({
      where: { userId: actor.userId, policyVersionId: In(inForce.map((v) => v.id)) },
    });
    const acknowledged = new Set(done.map((a) => a.policyVersionId));
    const schools = await this.dataSource.getRepository(School).find({
      where: { id: In(inForce.map((v) => v.schoolId)) },
      select: { id: true, name: true },
    });
    const name = new Map(schools.map((s) => [s.id, s.name]));
    return inForce
      .filter((v) => !acknowledged.has(v.id))
      .map((v) => ({
        schoolId: v.schoolId,
        schoolName: name.get(v.schoolId) ?? '',
        policyVersionId: v.id,
        version: v.version,
      }));
  }

  /**
   * Records that the person has read the version in force. `version` is the one they were
   * shown: if a newer one has been published since, they have not read it, and are told so.
   * Acknowledging twice is harmless and keeps the first time.
   */
  async acknowledge(
    actor: Actor,
    schoolId: string,
    version: number,
  ): Promise<{ version: number; acknowledgedAt: Date }> {
    if (!ACKNOWLEDGING_ROLES.some((role) => actor.hasRole(schoolId, role)))
      throw new NotFoundDomainException('School');
    const [current] = await this.inForce([schoolId]);
    if (!current || current.version !== version)
      throw new DomainException(
        409,
        'POLICY_NOT_CURRENT',
        'That is not the version of the policy in force: read the current one',
      );
    const key = { policyVersionId: current.id, userId: actor.userId };
    const earlier = await this.dataSource.getRepository(PolicyAcknowledgement).findOneBy(key);
    if (earlier) return { version: current.version, acknowledgedAt: earlier.acknowledgedAt };
    const now = this.clock.now();
    const written = await this.transactions
      .run(async (em) => {
        await em
          .getRepository(PolicyAcknowledgement)
          .insert({ policyVersionId: current.id, userId: actor.userId, acknowledgedAt: now });
        await this.audit.append(em, {
          actorId: actor.userId,
          action: 'policy.acknowledged',
          targetType: 'policy_version',
          targetId: current.id,
          schoolId,
          detail: { version: current.version },
        });
        return true;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return false; // acknowledged at the same moment elsewhere
        throw error;
      });
    if (written) return { version: current.version, acknowledgedAt: now };
    const first = await this.dataSource.getRepository(PolicyAcknowledgement).findOneByOrFail(key);
    return { version: current.version, acknowledgedAt: first.acknowledgedAt };
  }

  /** For the head: who has and who has not acknowledged the version in force. */
  async status(actor: Actor, schoolId: string): Promise<AcknowledgementStatus | null> {
    if (!actor.hasRole(schoolId, 'headteacher')) throw new NotFoundDomainException('School');
    const [current] = await this.inForce([schoolId]);
    if (!current) return null;
    const staff = await this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .select(['u.id AS "userId"', 'u.name AS "name"'])
      .distinct(true)
      .where('m.schoolId = :schoolId', { schoolId })
      .andWhere('m.role IN (:...roles)', { roles: [...ACKNOWLEDGING_ROLES] })
      .andWhere('u.disabledAt IS NULL')
      .orderBy('u.name', 'ASC')
      .getRawMany<{ userId: string; name: string }>();
    const done = await this.dataSource
      .getRepository(PolicyAcknowledgement)
      .find({ where: { policyVersionId: current.id } });
    const at = new Map(done.map((a) => [a.userId, a.acknowledgedAt]));
    return {
      version: current.version,
      acknowledged: staff
        .filter((p) => at.has(p.userId))
        .map((p) => ({ ...p, acknowledgedAt: at.get(p.userId)! })),
      outstanding: staff.filter((p) => !at.has(p.userId)),
    };
  }

  /** The newest version of each school, when the school approved it. */
  private async inForce(schoolIds: string[]): Promise<PolicyVersion[]> {
    const versions = await this.dataSource.getRepository(PolicyVersion).find({
      where: { schoolId: In(schoolIds) },
      select: { id: true, schoolId: true, version: true, approvedOn: true },
      order: { version: 'DESC' },
    });
    const newest = new Map<string, PolicyVersion>();
    for (const v of versions) if (!newest.has(v.schoolId)) newest.set(v.schoolId, v);
    return [...newest.values()].filter((v) => v.approvedOn !== null);
  }
}
