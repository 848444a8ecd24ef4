import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { isIsoDate } from '../common/clock/london-time.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { CaseRecord } from './case.entity.js';
import { CaseWriter, staleVersion } from './case-writer.js';
import { trackOfCase } from './case-procedure.js';
import { CasesService } from './cases.service.js';
import { CaseDetailResponse } from './dto/case-detail.response.js';
import {
  CaseActionDto,
  HearingRecordDto,
  LetterSentDto,
  ResignationDto,
  SupportDto,
} from './dto/case-commands.dto.js';
import { actionsFor, dayToInstant, labels, type Track } from './workflow/index.js';

const FUTURE_SLACK_MS = 2 * 60_000;

/**
 * Facts particular to a track, recorded as the case goes: the actions taken on online abuse or
 * a pupil's behaviour, the support offered to a member of staff targeted, and a subject's
 * resignation. Each is an event on the timeline; the case row keeps what the clocks and gates
 * read (a count of actions, when support was first offered, a takedown still awaited).
 */
@Injectable()
export class CaseTrackEntriesService {
  constructor(
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  recordAction(actor: Actor, caseId: string, dto: CaseActionDto): Promise<CaseDetailResponse> {
    return this.write(actor, caseId, async (em, c, track) => {
      if (!actionsFor(track).includes(dto.action)) {
        throw new DomainException(
          409,
          'CASE_ACTION_NOT_FOR_TRACK',
          track === 'online_abuse' || track === 'pupil_behaviour'
            ? `${labels.action[dto.action]} is not an action for this kind of case`
            : 'Actions are recorded on online abuse and on a pupil’s behaviour; this case has a finding instead',
        );
      }
      const problems: string[] = [];
      const takenAt = this.when(dto.takenAt, 'takenAt', problems) ?? this.clock.now();
      if (dto.action === 'premises_restriction') {
        for (const field of ['representationsBy', 'reviewDate'] as const)
          if (!dto[field] || !isIsoDate(dto[field]))
            problems.push(`${field} is required for a restriction from the premises (YYYY-MM-DD)`);
      }
      if (dto.action === 'behaviour_sanction' && !dto.detail)
        problems.push('detail is required: say in words what the sanction was');
      if (dto.action === 'platform_takedown' && !dto.platform && !dto.removed)
        problems.push('platform is required for a takedown request');
      if (problems.length > 0) throw new DomainException(400, 'VALIDATION_FAILED', problems);

      const changes: Partial<CaseRecord> = { actionCount: c.actionCount + 1 };
      if (dto.action === 'platform_takedown')
        changes.takedownRequestedAt = dto.removed ? null : (c.takedownRequestedAt ?? takenAt);
      await this.writer.update(em, c, c.version, changes);
      await this.writer.appendEvent(em, caseId, {
        kind: 'action',
        actorId: actor.userId,
        note: dto.detail ?? null,
        data: {
          action: dto.action,
          takenAt: takenAt.toISOString(),
          ...(dto.platform ? { platform: dto.platform } : {}),
          ...(dto.removed ? { removed: 'true' } : {}),
          ...(dto.representationsBy ? { representationsBy: dto.representationsBy } : {}),
          ...(dto.reviewDate ? { reviewDate: dto.reviewDate } : {}),
        },
      });
      return { action: 'case.action_recorded', detail: { action: dto.action } };
    });
  }

  recordSupport(actor: Actor, caseId: string, dto: SupportDto): Promise<CaseDetailResponse> {
    return this.write(actor, caseId, async (em, c, track) => {
      if (track !== 'online_abuse')
        throw new DomainException(
          409,
          'CASE_ACTION_NOT_FOR_TRACK',
          'Support for a member of staff targeted is recorded on online abuse by a parent or outsider',
        );
      if (!c.supportOfferedAt)
        await this.writer.update(em, c, c.version, { supportOfferedAt: this.clock.now() });
      await this.writer.appendEvent(em, caseId, {
        kind: 'support_offered',
        actorId: actor.userId,
        note: dto.detail,
      });
      return { action: 'case.support_recorded', detail: {} };
    });
  }

  recordResignation(
    actor: Actor,
    caseId: string,
    dto: ResignationDto,
  ): Promise<CaseDetailResponse> {
    return this.write(actor, caseId, async (em, c, track) => {
      if (!['allegation', 'disciplinary', 'conduct_other'].includes(track))
        throw new DomainException(
          409,
          'CASE_ACTION_NOT_FOR_TRACK',
          'A resignation is recorded on a case about someone who works at the school',
        );
      if (c.resignedAt)
        throw new DomainException(
          409,
          'CASE_ALREADY_RECORDED',
          'A resignation is already recorded',
        );
      const problems: string[] = [];
      const at = this.when(dto.resignedAt, 'resignedAt', problems);
      if (!at || problems.length > 0)
        throw new DomainException(
          400,
          'VALIDATION_FAILED',
          problems.length ? problems : ['resignedAt is required'],
        );
      await this.writer.update(em, c, c.version, { resignedAt: at });
      await this.writer.appendEvent(em, caseId, {
        kind: 'resigned',
        actorId: actor.userId,
        data: { resignedAt: at.toISOString() },
      });
      return { action: 'case.resignation_recorded', detail: {} };
    });
  }

  /**
   * The outcome letter went out: the appeal window runs from this date, in working days. Sent
   * once; a correction is a case for reopening, not an edit.
   */
  recordOutcomeLetterSent(
    actor: Actor,
    caseId: string,
    dto: LetterSentDto,
  ): Promise<CaseDetailResponse> {
    return this.write(actor, caseId, async (em, c) => {
      if (c.status !== 'outcome' || !c.decidedAt)
        throw new DomainException(
          409,
          'CASE_INVALID_TRANSITION',
          'The outcome letter follows an outcome',
        );
      if (c.outcomeLetterSentAt)
        throw new DomainException(
          409,
          'CASE_ALREADY_RECORDED',
          'The outcome letter has already been sent',
        );
      const problems: string[] = [];
      const at = this.when(dto.sentAt, 'sentAt', problems);
      if (at && at < c.decidedAt)
        problems.push('sentAt must not be before the outcome was decided');
      if (!at || problems.length > 0)
        throw new DomainException(
          400,
          'VALIDATION_FAILED',
          problems.length ? problems : ['sentAt is required'],
        );
      await this.writer.update(em, c, c.version, { outcomeLetterSentAt: at });
      await this.writer.appendEvent(em, caseId, {
        kind: 'letter_sent',
        actorId: actor.userId,
        data: { letter: 'outcome', sentAt: at.toISOString() },
      });
      return { action: 'case.letter_sent', detail: { letter: 'outcome' } };
    });
  }

  /**
   * The hearing was held: when, who came with the employee (a colleague or a trade union
   * representative, the statutory right), and the notes. Recorded once, by whoever heard it
   * (the hearing manager, or the dismissal panel) or the owner; the decision follows it.
   */
  async recordHearing(
    actor: Actor,
    caseId: string,
    dto: HearingRecordDto,
  ): Promise<CaseDetailResponse> {
    await this.transactions.run(async (em) => {
      const { record: c, relation } = await this.cases.findVisible(actor, caseId, em);
      const hears =
        (relation.isHearingManager && c.hearingManagerId === actor.userId) ||
        relation.isPanelMember;
      if (!relation.isOwner && !hears)
        throw new DomainException(
          403,
          'CASE_FORBIDDEN',
          'Only whoever heard the case, or its owner, records the hearing',
        );
      if (dto.version !== c.version) throw staleVersion();
      if (c.status !== 'hearing')
        throw new DomainException(
          409,
          'CASE_INVALID_TRANSITION',
          'A hearing is recorded while the case is at its hearing',
        );
      if (c.hearingHeldAt)
        throw new DomainException(
          409,
          'CASE_ALREADY_RECORDED',
          'The hearing has already been recorded; add a note to correct it',
        );
      const problems: string[] = [];
      const heldAt = this.when(dto.heldAt, 'heldAt', problems);
      if (heldAt && c.invitationSentAt && heldAt < c.invitationSentAt)
        problems.push('heldAt must not be before the invitation was sent');
      if (dto.companion !== 'none' && !dto.companionName?.trim())
        problems.push('companionName is required: say who came with the employee');
      if (!heldAt || problems.length > 0)
        throw new DomainException(
          400,
          'VALIDATION_FAILED',
          problems.length ? problems : ['heldAt is required'],
        );
      await this.writer.update(em, c, c.version, { hearingHeldAt: heldAt });
      await this.writer.appendEvent(em, caseId, {
        kind: 'hearing_held',
        actorId: actor.userId,
        note: dto.notes,
        data: {
          heldAt: heldAt.toISOString(),
          companion: dto.companion,
          companionName: dto.companion === 'none' ? null : dto.companionName!.trim(),
        },
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'case.hearing_recorded',
        targetType: 'case',
        targetId: caseId,
        schoolId: c.schoolId,
        detail: { companion: dto.companion },
      });
    });
    return this.cases.detail(actor, caseId);
  }

  private when(value: string | undefined, field: string, problems: string[]): Date | null {
    if (!value) return null;
    const now = this.clock.now();
    const at = isIsoDate(value) ? dayToInstant(value, now) : new Date(value);
    if (Number.isNaN(at.getTime())) {
      problems.push(`${field} must be a date`);
      return null;
    }
    if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) {
      problems.push(`${field} must not be in the future`);
      return null;
    }
    return at;
  }

  /** Owner only, on an open case; one transaction with its audit entry. */
  private async write(
    actor: Actor,
    caseId: string,
    entry: (
      em: EntityManager,
      c: CaseRecord,
      track: Track,
    ) => Promise<{ action: string; detail: Record<string, unknown> }>,
  ): Promise<CaseDetailResponse> {
    await this.transactions.run(async (em) => {
      const { record, relation } = await this.cases.findVisible(actor, caseId, em);
      if (!relation.isOwner)
        throw new DomainException(403, 'CASE_FORBIDDEN', 'Only the case owner records this');
      if (record.status === 'closed')
        throw new DomainException(409, 'CASE_CLOSED', 'The case is closed; reopen it first');
      const { action, detail } = await entry(em, record, trackOfCase(record) ?? 'untriaged');
      await this.audit.append(em, {
        actorId: actor.userId,
        action,
        targetType: 'case',
        targetId: caseId,
        schoolId: record.schoolId,
        detail,
      });
    });
    return this.cases.detail(actor, caseId);
  }
}
