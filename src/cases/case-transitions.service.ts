import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { parseInstant } from '../common/clock/parse-instant.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { Notice, NotificationsService } from '../notifications/notifications.service.js';
import { CaseRecord } from './case.entity.js';
import { CaseNotices } from './case-notices.js';
import { CaseChanges, CaseWriter, staleVersion } from './case-writer.js';
import { CasesService } from './cases.service.js';
import { CaseDetailResponse } from './dto/case-detail.response.js';
import { TransitionDto } from './dto/case-commands.dto.js';
import { decide, TransitionAllowed, TransitionRefused } from './workflow/index.js';

/**
 * Moves a case through the workflow. Only decide() says whether a move is allowed; this service
 * applies its answer in one transaction: the conditional update on (id, version), the timeline
 * event and the audit entry. Mail goes out after commit.
 */
@Injectable()
export class CaseTransitionsService {
  constructor(
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async transition(actor: Actor, caseId: string, dto: TransitionDto): Promise<CaseDetailResponse> {
    const notices: Notice[] = [];
    const relation = await this.transactions.run(async (em) => {
      // Read inside the transaction: the decision must be about the state it changes.
      const { record: current, relation } = await this.cases.findVisible(actor, caseId, em);
      const now = this.clock.now();
      const decision = decide(
        this.cases.snapshotOf(current),
        {
          ...dto,
          appealLodgedAt: dto.appealLodgedAt ? parseInstant(dto.appealLodgedAt) : undefined,
        },
        relation,
        now,
      );
      // "You may not" outranks "you are out of date": a stale copy does not turn a 403 into a 409.
      if (!decision.ok && decision.status === 403) throw refusal(decision);
      if (dto.version !== current.version) throw staleVersion();
      if (!decision.ok) throw refusal(decision);
      const next = await this.writer.update(
        em,
        current,
        dto.version,
        changesFor(decision, current, now),
      );
      // The panel hears the appeal and no more: once it is decided they lose the case.
      if (decision.effects.kind === 'decide_appeal') await this.writer.endPanel(em, caseId, now);
      await this.writer.appendEvent(em, caseId, {
        kind: 'transition',
        actorId: actor.userId,
        fromStatus: decision.from,
        toStatus: decision.to,
        note: noteFor(decision),
        data: codesOf(decision),
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'case.transition',
        targetType: 'case',
        targetId: caseId,
        schoolId: current.schoolId,
        detail: {
          from: decision.from,
          to: decision.to,
          version: next.version,
          ...codesOf(decision),
        },
      });
      notices.push(...(await this.noticesFor(decision, next)));
      await this.notifications.record(em, notices);
      return relation;
    });
    return this.cases.detailAfterOwnChange(actor, caseId, relation);
  }

  private async noticesFor(decision: TransitionAllowed, c: CaseRecord): Promise<Notice[]> {
    switch (decision.effects.kind) {
      case 'request_hr_advice':
        return this.notices.toHr(c, 'hr_advice_requested');
      case 'lodge_appeal':
        return this.notices.toAppointers(c, 'appeal_lodged');
      default:
        return [];
    }
  }
}

function refusal(decision: TransitionRefused): DomainException {
  return new DomainException(decision.status, decision.code, decision.message);
}

/** What each kind of decision writes onto the case, besides status and version. */
function changesFor(decision: TransitionAllowed, current: CaseRecord, now: Date): CaseChanges {
  const status = { status: decision.to };
  const e = decision.effects;
  switch (e.kind) {
    case 'triage':
      return { ...status, classification: e.classification };
    case 'close_after_triage':
      return { ...status, classification: e.classification, rationale: e.rationale, closedAt: now };
    case 'request_hr_advice':
      return { ...status, hrRequestedAt: now, hrReachedAt: current.hrReachedAt ?? now };
    case 'resume_investigation':
      return status;
    case 'record_outcome':
      return {
        ...status,
        finding: e.outcome.finding,
        sanction: e.outcome.sanction,
        rationale: e.outcome.rationale,
        governorSummary: e.outcome.governorSummary,
        decidedAt: e.outcome.decidedAt,
        appealLodgedAt: null,
        appealResult: null,
        appealDecidedAt: null,
      };
    case 'lodge_appeal':
      return { ...status, appealLodgedAt: e.appealLodgedAt };
    case 'decide_appeal':
      return {
        ...status,
        appealResult: e.appealResult,
        sanction: e.sanction,
        appealDecidedAt: e.appealDecidedAt,
      };
    case 'close':
      return { ...status, closedAt: now };
  }
}

/** The free text that explains the step, kept on the timeline. */
function noteFor(decision: TransitionAllowed): string | null {
  const e = decision.effects;
  if (e.kind === 'request_hr_advice') return e.hrQuestion;
  if (e.kind === 'close_after_triage') return decision.note ?? e.rationale;
  return decision.note;
}

/** Codes only (never free text), for the timeline event's data and the audit entry. */
function codesOf(decision: TransitionAllowed): Record<string, string> {
  const e = decision.effects;
  switch (e.kind) {
    case 'triage':
    case 'close_after_triage':
      return { classification: e.classification };
    case 'record_outcome':
      return { finding: e.outcome.finding, sanction: e.outcome.sanction };
    case 'decide_appeal':
      return {
        appealResult: e.appealResult,
        sanction: e.sanction,
        previousSanction: e.previousSanction,
      };
    default:
      return {};
  }
}
