import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { Notice, NotificationsService } from '../notifications/notifications.service.js';
import { UsersService } from '../users/users.service.js';
import { CaseRecord } from './case.entity.js';
import { CaseNotices } from './case-notices.js';
import { decideFor, trackOfCase, workflowActor } from './case-procedure.js';
import { CaseWriter, staleVersion } from './case-writer.js';
import { CasesService } from './cases.service.js';
import { CaseDetailResponse } from './dto/case-detail.response.js';
import { MergeCasesDto, ReclassifyDto, TransitionDto } from './dto/case-commands.dto.js';
import { SchoolRulesService } from './school-rules.service.js';
import { LowLevelConcerns } from './low-level-concerns.js';
import { namesIn, namesTypedIn } from './summary-names.js';
import { EntityManager } from 'typeorm';
import {
  mergeRefusal,
  type MergeParty,
  type NoticeTarget,
  TransitionAllowed,
  TransitionCommand,
  TransitionRefused,
} from './workflow/index.js';

/**
 * Moves a case through its track. Only decide() says whether a move is allowed and what it
 * writes (the table of moves); this service applies its answer in one transaction: the
 * conditional update on (id, version), the timeline event, the audit entry and the notices.
 * Mail goes out after commit.
 */
@Injectable()
export class CaseTransitionsService {
  constructor(
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly rules: SchoolRulesService,
    private readonly concerns: LowLevelConcerns,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  transition(actor: Actor, caseId: string, dto: TransitionDto): Promise<CaseDetailResponse> {
    const { version, ...command } = dto;
    return this.move(actor, caseId, version, command as TransitionCommand, 'transitions');
  }

  reclassify(actor: Actor, caseId: string, dto: ReclassifyDto): Promise<CaseDetailResponse> {
    return this.move(
      actor,
      caseId,
      dto.version,
      {
        to: 'investigating',
        classification: dto.classification,
        subjectRelationship: dto.subjectRelationship,
        note: dto.reason,
      },
      'reclassify',
    );
  }

  /**
   * Issue 21: the owner of both merges report B into case A. B's status changes through the
   * table's `merge` row (to closed, no schedule of its own) and points at A; A gains an event.
   * Nothing is copied or edited: B's timeline and evidence stay B's rows, read on A. A case the
   * caller cannot see, or of another school, is the same 404 as a missing one.
   */
  async merge(actor: Actor, caseId: string, dto: MergeCasesDto): Promise<CaseDetailResponse> {
    const relation = await this.transactions.run(async (em) => {
      const into = await this.cases.findVisible(actor, caseId, em);
      const merged = await this.cases.findVisible(actor, dto.mergeCaseId, em);
      const [a, b] = [into.record, merged.record];
      if (a.schoolId !== b.schoolId) throw new NotFoundDomainException('Case');
      if (!into.relation.isOwner || !merged.relation.isOwner)
        throw new DomainException(
          403,
          'CASE_FORBIDDEN_TRANSITION',
          'Only the owner of both cases may merge them',
        );
      if (dto.version !== a.version || dto.mergeCaseVersion !== b.version) throw staleVersion();
      const party = async (c: CaseRecord): Promise<MergeParty> => ({
        id: c.id,
        reference: c.reference,
        status: c.status,
        track: trackOfCase(c) ?? 'untriaged',
        mergedIntoCaseId: c.mergedIntoCaseId,
        holdsMerged: await em
          .getRepository(CaseRecord)
          .exists({ where: { mergedIntoCaseId: c.id } }),
      });
      const pairwise = mergeRefusal(await party(a), await party(b));
      if (pairwise) throw refusal({ ok: false, ...pairwise });
      const now = this.clock.now();
      const rules = await this.rules.rulesFor(b.schoolId, em);
      const decision = decideFor(
        b,
        { to: 'closed', note: dto.reason },
        workflowActor(b, merged.relation, actor.userId),
        { rules, calendar: this.rules.calendarFor(rules), now, actorId: actor.userId },
        'merge',
      );
      if (!decision.ok) throw refusal(decision);
      // A's row does not change, but its version moves on: a page open on A reloads and shows
      // the report that joined it. The two rows are written in id order, so two merges of the
      // same pair in opposite directions wait for each other instead of deadlocking.
      const writeB = () =>
        this.writer.update(em, b, b.version, {
          ...decision.changes,
          mergedIntoCaseId: a.id,
          mergedAt: now,
        });
      const writeA = () => this.writer.update(em, a, a.version, {});
      const [nextA, nextB] =
        a.id < b.id
          ? [await writeA(), await writeB()]
          : await writeB().then(async (nb) => [await writeA(), nb] as const);
      await this.writer.appendEvent(em, b.id, {
        kind: 'merged_into',
        actorId: actor.userId,
        fromStatus: decision.from,
        toStatus: decision.to,
        note: decision.note,
        data: { move: decision.move, ...decision.codes, into: a.id, intoReference: a.reference },
      });
      await this.writer.appendEvent(em, a.id, {
        kind: 'merged_in',
        actorId: actor.userId,
        note: decision.note,
        data: { caseId: b.id, reference: b.reference },
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'case.merged',
        targetType: 'case',
        targetId: b.id,
        schoolId: b.schoolId,
        detail: {
          move: decision.move,
          from: decision.from,
          to: decision.to,
          version: nextB.version,
          intoCaseId: a.id,
          intoVersion: nextA.version,
        },
      });
      return into.relation;
    });
    return this.cases.detailAfterOwnChange(actor, caseId, relation);
  }

  private async move(
    actor: Actor,
    caseId: string,
    version: number,
    command: TransitionCommand,
    via: 'transitions' | 'reclassify',
  ): Promise<CaseDetailResponse> {
    const notices: Notice[] = [];
    const relation = await this.transactions.run(async (em) => {
      // Read inside the transaction: the decision must be about the state it changes.
      const { record: current, relation } = await this.cases.findVisible(actor, caseId, em);
      const now = this.clock.now();
      const rules = await this.rules.rulesFor(current.schoolId, em);
      const decision = decideFor(
        current,
        command,
        workflowActor(current, relation, actor.userId),
        { rules, calendar: this.rules.calendarFor(rules), now, actorId: actor.userId },
        via,
      );
      // "You may not" outranks "you are out of date": a stale copy does not turn a 403 into a 409.
      if (!decision.ok && decision.status === 403) throw refusal(decision);
      if (version !== current.version) throw staleVersion();
      if (!decision.ok) throw refusal(decision);
      await this.checkPeople(current, decision);
      const summary = decision.changes.governorSummary;
      if (typeof summary === 'string' && decision.codes.namesConfirmed !== 'true')
        await this.checkSummaryNames(current, summary);
      const next = await this.writer.update(em, current, version, decision.changes);
      // A panel hears the appeal (or the dismissal hearing) and no more: once it has decided,
      // its members lose the case.
      if (decision.move === 'decide_appeal' || decision.move === 'decide_after_hearing')
        await this.writer.endPanel(em, caseId, now);
      await this.writer.appendEvent(em, caseId, {
        kind: via === 'reclassify' ? 'reclassified' : 'transition',
        actorId: actor.userId,
        fromStatus: decision.from,
        toStatus: decision.to,
        note: decision.note,
        data: {
          move: decision.move,
          ...decision.codes,
          // The text a correction replaces stays on its event (and in the HR file), never in audit.
          ...(decision.move === 'correct_governor_summary'
            ? { supersededSummary: current.governorSummary ?? '' }
            : {}),
        },
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: via === 'reclassify' ? 'case.reclassified' : 'case.transition',
        targetType: 'case',
        targetId: caseId,
        schoolId: current.schoolId,
        detail: {
          move: decision.move,
          from: decision.from,
          to: decision.to,
          version: next.version,
          ...decision.codes,
        },
      });
      notices.push(...(await this.noticesFor(decision.notify, next, actor, decision.move)));
      // Where governors decide a dismissal, the chair appoints their panel for the hearing.
      if (decision.move === 'invite_to_hearing' && rules.dismissalByPanel)
        notices.push(...(await this.notices.toAppointers(next, 'dismissal_panel_needed')));
      if (decision.changes.classification === 'low_level_concern')
        notices.push(...(await this.patternNotices(em, next)));
      await this.notifications.record(em, notices);
      return relation;
    });
    return this.cases.detailAfterOwnChange(actor, caseId, relation);
  }

  /**
   * People a move names (investigator, hearing manager) must be the school's, and never the
   * subject or the reporter; the table has already kept the investigator from hearing the case.
   */
  private async checkPeople(c: CaseRecord, decision: TransitionAllowed): Promise<void> {
    for (const field of ['investigatorId', 'hearingManagerId'] as const) {
      const id = decision.changes[field];
      if (!id) continue;
      const roles = await this.users.rolesOf(id, c.schoolId);
      const why =
        roles.length === 0
          ? "is not one of this school's people"
          : id === c.subjectUserId
            ? 'is the subject of this case'
            : id === c.reporterId
              ? 'reported this case'
              : roles.every((r) => r === 'admin')
                ? 'is an admin, who sees no case content'
                : null;
      if (why) {
        throw new DomainException(
          409,
          'CASE_PERSON_INELIGIBLE',
          `The ${field === 'investigatorId' ? 'investigator' : 'hearing manager'} chosen ${why}`,
        );
      }
    }
  }

  /**
   * Governors never read a name (DOMAIN.md §7). Before a summary is saved, the names the case
   * knows are looked for in it: the subject, the reporter, the school's people and the names typed
   * in the report. Any found refuses the save, naming only those, until the owner removes them or
   * confirms (the confirmation is a code on the event).
   */
  private async checkSummaryNames(c: CaseRecord, summary: string): Promise<void> {
    const people = await this.users.peopleOf(c.schoolId);
    const accounts = await this.users.namesOf(
      [c.reporterId, c.subjectUserId].filter((id): id is string => Boolean(id)),
    );
    const known = [
      ...(c.subjectName ? [c.subjectName, ...namesTypedIn(c.subjectName)] : []),
      ...accounts.values(),
      ...people.map((p) => p.name),
      ...namesTypedIn(c.description),
    ];
    const found = namesIn(summary, known);
    if (found.length === 0) return;
    const error = new DomainException(
      422,
      'CASE_SUMMARY_NAMES_FOUND',
      `These names appear in the summary for governors: ${found.join(', ')}. Remove them, or send the summary again with confirmNames set to keep them.`,
    );
    error.field = 'governorSummary';
    error.extra = { names: found };
    throw error;
  }

  /**
   * A second low-level concern about the same adult within the school's window: "a pattern may
   * meet the harm threshold: consider consulting the LADO", to the owner and the DSL, and kept
   * on the case's timeline.
   */
  private async patternNotices(em: EntityManager, c: CaseRecord): Promise<Notice[]> {
    const earlier = await this.concerns.earlierConcerns(em, c);
    if (earlier.length === 0) return [];
    await this.writer.appendEvent(em, c.id, {
      kind: 'concern_pattern',
      actorId: null,
      data: { related: earlier.map((e) => e.reference).join(',') },
    });
    return [
      ...(await this.notices.toOwners(c, 'concern_pattern')),
      ...(await this.notices.toRole(c, 'dsl', 'concern_pattern')),
    ];
  }

  private async noticesFor(
    targets: readonly NoticeTarget[],
    c: CaseRecord,
    actor: Actor,
    move: TransitionAllowed['move'],
  ): Promise<Notice[]> {
    const out: Notice[] = [];
    for (const target of targets) {
      switch (target) {
        case 'hr':
          out.push(...(await this.notices.toHr(c, 'hr_advice_requested')));
          break;
        case 'appointers':
          out.push(...(await this.notices.toAppointers(c, 'appeal_lodged')));
          break;
        case 'owner':
          // The hand-backs an owner waits for are named; any other move is "moved on".
          out.push(
            ...(await this.notices.toOwners(
              c,
              move === 'return_from_hr'
                ? 'returned_from_hr'
                : move === 'decide_appeal'
                  ? 'appeal_decided'
                  : 'case_moved',
            )),
          );
          break;
        case 'hearing_manager':
          if (c.hearingManagerId)
            out.push(...this.notices.toPeople([c.hearingManagerId], c, 'hearing_arranged'));
          break;
        case 'reporter':
          if (c.status === 'closed')
            // The reporter knows the case by its reference, which the mail gives.
            out.push(
              ...this.notices
                .toPeople([c.reporterId], c, 'report_closed')
                .map((n) => ({ ...n, reference: c.reference })),
            );
          break;
      }
    }
    // Nobody is told of what they did themselves.
    return out.filter((n) => n.userId !== actor.userId);
  }
}

function refusal(decision: TransitionRefused): DomainException {
  const error = new DomainException(decision.status, decision.code, decision.message);
  if (decision.field) error.field = decision.field;
  return error;
}
