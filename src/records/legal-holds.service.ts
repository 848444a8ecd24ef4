import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CaseRecord } from '../cases/case.entity.js';
import { CaseWriter } from '../cases/case-writer.js';
import { CasesService } from '../cases/cases.service.js';
import { LegalHold } from '../cases/legal-hold.entity.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { isUuid } from '../schools/schools.service.js';
import { LegalHoldReasonDto, LegalHoldResponse } from './dto/legal-hold.dto.js';

/**
 * Legal holds (DOMAIN.md §8), placed and lifted by the case's owner or the school's admin. The
 * admin acts on the case without seeing its content: only its id and school are read for them,
 * and the answer carries the hold alone. Each change is a timeline event and an audit entry
 * (ids only), in one transaction with the hold row.
 */
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, caseId: string): Promise<LegalHoldResponse[]> {
    const c = await this.caseFor(actor, caseId, this.dataSource.manager);
    const holds = await this.dataSource
      .getRepository(LegalHold)
      .find({ where: { caseId: c.id }, order: { placedAt: 'ASC', id: 'ASC' } });
    return holds.map(responseOf);
  }

  place(actor: Actor, caseId: string, dto: LegalHoldReasonDto): Promise<LegalHoldResponse> {
    return this.transactions.run(async (em) => {
      const c = await this.caseFor(actor, caseId, em);
      await this.touch(em, c.id);
      const hold = Object.assign(new LegalHold(), {
        id: randomUUID(),
        caseId: c.id,
        schoolId: c.schoolId,
        reason: dto.reason.trim(),
        placedById: actor.userId,
        placedAt: this.clock.now(),
        liftedById: null,
        liftedAt: null,
        liftReason: null,
      });
      await em.getRepository(LegalHold).insert(hold);
      await this.writer.appendEvent(em, c.id, {
        kind: 'legal_hold_placed',
        actorId: actor.userId,
        note: hold.reason,
        data: { holdId: hold.id },
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'case.legal_hold_placed',
        targetType: 'case',
        targetId: c.id,
        schoolId: c.schoolId,
        detail: { holdId: hold.id },
      });
      return responseOf(hold);
    });
  }

  lift(
    actor: Actor,
    caseId: string,
    holdId: string,
    dto: LegalHoldReasonDto,
  ): Promise<LegalHoldResponse> {
    return this.transactions.run(async (em) => {
      const c = await this.caseFor(actor, caseId, em);
      if (!isUuid(holdId)) throw new NotFoundDomainException('Legal hold');
      const hold = await em
        .getRepository(LegalHold)
        .findOne({ where: { id: holdId, caseId: c.id } });
      if (!hold) throw new NotFoundDomainException('Legal hold');
      await this.touch(em, c.id);
      const now = this.clock.now();
      // Conditional on still being active: two people lifting at once, one of them wins.
      const result = await em
        .getRepository(LegalHold)
        .update(
          { id: hold.id, liftedAt: IsNull() },
          { liftedAt: now, liftedById: actor.userId, liftReason: dto.reason.trim() },
        );
      if (result.affected !== 1)
        throw new DomainException(409, 'LEGAL_HOLD_ALREADY_LIFTED', 'This hold was already lifted');
      await this.writer.appendEvent(em, c.id, {
        kind: 'legal_hold_lifted',
        actorId: actor.userId,
        note: dto.reason.trim(),
        data: { holdId: hold.id },
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'case.legal_hold_lifted',
        targetType: 'case',
        targetId: c.id,
        schoolId: c.schoolId,
        detail: { holdId: hold.id },
      });
      return responseOf({
        ...hold,
        liftedAt: now,
        liftedById: actor.userId,
        liftReason: dto.reason.trim(),
      });
    });
  }

  /**
   * A hold changes the case: its version moves on, so a page open elsewhere reloads, and the
   * row lock this takes orders the new timeline event after any other writer's.
   */
  private async touch(em: EntityManager, caseId: string): Promise<void> {
    const result = await em
      .createQueryBuilder()
      .update(CaseRecord)
      .set({ version: () => '"version" + 1' })
      .where('id = :caseId', { caseId })
      .execute();
    // Deleted by the retention job while this request waited for the row: it is gone.
    if (result.affected !== 1) throw new NotFoundDomainException('Case');
  }

  /**
   * The case's id and school, for its owner or its school's admin. Anyone else gets the same
   * 404 as for a case that does not exist.
   */
  private async caseFor(
    actor: Actor,
    caseId: string,
    em: EntityManager,
  ): Promise<Pick<CaseRecord, 'id' | 'schoolId'>> {
    if (!isUuid(caseId)) throw new NotFoundDomainException('Case');
    const row = await em
      .getRepository(CaseRecord)
      .findOne({ where: { id: caseId }, select: { id: true, schoolId: true } });
    if (!row) throw new NotFoundDomainException('Case');
    if (actor.hasRole(row.schoolId, 'admin')) return row;
    const { relation } = await this.cases.findVisible(actor, caseId, em);
    if (!relation.isOwner) throw new NotFoundDomainException('Case');
    return row;
  }
}

function responseOf(h: LegalHold): LegalHoldResponse {
  return {
    id: h.id,
    caseId: h.caseId,
    reason: h.reason,
    placedById: h.placedById,
    placedAt: h.placedAt.toISOString(),
    liftedById: h.liftedById,
    liftedAt: h.liftedAt ? h.liftedAt.toISOString() : null,
    liftReason: h.liftReason,
    active: h.liftedAt === null,
  };
}
