import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { parseInstant } from '../common/clock/parse-instant.js';
import { isIsoDate } from '../common/clock/london-time.js';
import { dayToInstant } from './workflow/index.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { Notice, NotificationsService } from '../notifications/notifications.service.js';
import { CaseRecord } from './case.entity.js';
import { CaseRelation } from './case-access.js';
import { CaseNotices } from './case-notices.js';
import { CaseChanges, CaseWriter } from './case-writer.js';
import { CasesService } from './cases.service.js';
import { CaseDetailResponse } from './dto/case-detail.response.js';
import { HrAdviceDto, NoteDto, ReferralDto } from './dto/case-commands.dto.js';

type Entry = (em: EntityManager, current: CaseRecord, relation: CaseRelation) => Promise<Notice[]>;

/**
 * Notes, HR advice and referrals. Each is an event on the timeline that is never edited or
 * deleted: a correction is a new entry.
 */
@Injectable()
export class CaseEntriesService {
  constructor(
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  addNote(actor: Actor, caseId: string, dto: NoteDto): Promise<CaseDetailResponse> {
    return this.write(actor, caseId, async (em, current, relation) => {
      if (!relation.isOwner && !relation.isHr)
        throw forbidden('Only the case owner and HR may add notes');
      // The owner's note on an open investigation is its review: the 20-day clock starts again.
      if (relation.isOwner && current.status === 'investigating')
        await this.writer.update(em, current, current.version, { lastReviewAt: this.clock.now() });
      await this.writer.appendEvent(em, caseId, {
        kind: 'note',
        actorId: actor.userId,
        note: dto.body,
      });
      await this.audited(em, actor, current, 'case.note_added');
      return [];
    });
  }

  addHrAdvice(actor: Actor, caseId: string, dto: HrAdviceDto): Promise<CaseDetailResponse> {
    return this.write(actor, caseId, async (em, current, relation) => {
      if (!relation.isHr) throw forbidden('Only an HR adviser may record HR advice');
      if (current.status !== 'hr_advice') {
        throw new DomainException(
          409,
          'CASE_NOT_AWAITING_HR_ADVICE',
          'HR advice is recorded while the case is in hr_advice',
        );
      }
      const now = this.clock.now();
      const next = await this.writer.update(em, current, current.version, {
        hrAdviceCount: current.hrAdviceCount + 1,
        lastHrAdviceAt: now,
      });
      await this.writer.appendEvent(em, caseId, {
        kind: 'hr_advice',
        actorId: actor.userId,
        note: dto.advice,
      });
      await this.audited(em, actor, current, 'case.hr_advice_added', { version: next.version });
      return this.notices.toOwners(current, 'hr_advice_recorded');
    });
  }

  addReferral(actor: Actor, caseId: string, dto: ReferralDto): Promise<CaseDetailResponse> {
    return this.write(actor, caseId, async (em, current, relation) => {
      if (!relation.isOwner) throw forbidden('Only the case owner records referrals');
      // A date without a time stays a date ("28 November"): the event keeps the day as given,
      // and the clocks read it as that day (today: now; an earlier day: its end).
      const now = this.clock.now();
      const day = isIsoDate(dto.referredAt) ? dto.referredAt : null;
      const referredAt = day ? dayToInstant(day, now) : parseInstant(dto.referredAt);
      if (referredAt.getTime() > now.getTime() + 2 * 60 * 1000) {
        throw new DomainException(400, 'VALIDATION_FAILED', [
          'referredAt must not be in the future',
        ]);
      }
      const changes = referralChanges(current, dto.agency, referredAt);
      if (Object.keys(changes).length > 0)
        await this.writer.update(em, current, current.version, changes);
      await this.writer.appendEvent(em, caseId, {
        kind: 'referral',
        actorId: actor.userId,
        data: {
          agency: dto.agency,
          reference: dto.reference ?? null,
          referredAt: day ?? referredAt.toISOString(),
        },
      });
      await this.audited(em, actor, current, 'case.referral_added', { agency: dto.agency });
      return [];
    });
  }

  private async write(actor: Actor, caseId: string, entry: Entry): Promise<CaseDetailResponse> {
    await this.transactions.run(async (em) => {
      // Read inside the transaction: the decision must be about the state it changes.
      const { record: current, relation } = await this.cases.findVisible(actor, caseId, em);
      // A merged report is worked on the case it joined (issue 21): notes go there.
      if (current.mergedIntoCaseId)
        throw new DomainException(
          409,
          'CASE_MERGED',
          'This report was merged into another case: record this on that case.',
        );
      await this.notifications.record(em, await entry(em, current, relation));
    });
    return this.cases.detail(actor, caseId);
  }

  private async audited(
    em: EntityManager,
    actor: Actor,
    c: CaseRecord,
    action: string,
    detail: Record<string, unknown> = {},
  ) {
    await this.audit.append(em, {
      actorId: actor.userId,
      action,
      targetType: 'case',
      targetId: c.id,
      schoolId: c.schoolId,
      detail,
    });
  }
}

/**
 * What a referral does to the clocks: the latest LADO consultation (a reclassification needs a
 * new one), the first police and IWF reports of indecent images, and a takedown escalated to
 * the Professionals Online Safety Helpline.
 */
function referralChanges(c: CaseRecord, agency: string, at: Date): CaseChanges {
  switch (agency) {
    case 'lado':
      return !c.ladoReferredAt || at > c.ladoReferredAt ? { ladoReferredAt: at } : {};
    case 'police':
      return c.policeReferredAt ? {} : { policeReferredAt: at };
    case 'iwf':
      return c.iwfReferredAt ? {} : { iwfReferredAt: at };
    case 'posh':
      return c.takedownRequestedAt ? { takedownRequestedAt: null } : {};
    default:
      return {};
  }
}

function forbidden(message: string): DomainException {
  return new DomainException(403, 'CASE_FORBIDDEN', message);
}
