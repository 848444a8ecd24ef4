import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { Notice, NotificationsService } from '../notifications/notifications.service.js';
import { School } from '../schools/school.entity.js';
import type { Role } from '../common/role.js';
import { UsersService } from '../users/users.service.js';
import { CaseEvent } from './case-event.entity.js';
import { CasePanelMember, type PanelPurpose } from './case-panel-member.entity.js';
import { CaseRecord } from './case.entity.js';
import { CaseNotices } from './case-notices.js';
import { CaseChanges, CaseWriter, staleVersion } from './case-writer.js';
import { CasesService } from './cases.service.js';
import { SchoolRulesService } from './school-rules.service.js';
import { AppointPanelDto, HandoverDto } from './dto/case-commands.dto.js';
import { CaseDetailResponse, HandoverResponse } from './dto/case-detail.response.js';
import type { OwnerRole, ReferenceLine } from './workflow/index.js';

/** Who may own a case, in the order a person holding several is taken to own it as. */
const OWNER_CAPACITIES: [Role & OwnerRole, ReferenceLine | null][] = [
  ['chair_of_governors', 'chair'],
  ['headteacher', 'head'],
  ['dsl', 'dsl'],
  // A governor named by the chair keeps the case in the line it was in.
  ['governor', null],
];

/** A dismissal is decided by at least three governors where the school's rules say so. */
export const DISMISSAL_PANEL_SIZE = 3;

/** Roles whose holders may sit on a panel. */
const PANEL_ROLES: Role[] = ['governor', 'chair_of_governors'];

/**
 * Who owns a case and who hears its appeal (DOMAIN.md §4, §5): hand-over by an owner with a
 * conflict, and appeal panels of named people who were not involved. Each change is one
 * transaction on the case's version with its event, audit entry and notices; a refusal writes
 * nothing.
 */
@Injectable()
export class CaseOwnershipService {
  constructor(
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly users: UsersService,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly rules: SchoolRulesService,
  ) {}

  async handOver(actor: Actor, caseId: string, dto: HandoverDto): Promise<HandoverResponse> {
    const notices: Notice[] = [];
    const result = await this.transactions.run(async (em) => {
      const { record: current, relation } = await this.cases.findVisible(actor, caseId, em);
      if (!relation.isOwner)
        throw new DomainException(403, 'CASE_FORBIDDEN', 'Only the case owner may hand it on');
      if (dto.version !== current.version) throw staleVersion();
      if (current.status === 'closed') {
        throw new DomainException(
          409,
          'CASE_INVALID_TRANSITION',
          'A closed case is not handed on; reopen it first',
        );
      }
      const capacity = await this.capacityOf(current, dto.toUserId, actor);
      const changes: CaseChanges = { ownerUserId: dto.toUserId, ownerRole: capacity.role };
      // The chair deciding that a "not sure" report is not about the head hands it to the head.
      if (current.headExcluded && capacity.role === 'headteacher') changes.headExcluded = false;
      const line = capacity.line ?? current.referenceLine;
      let previousReference: string | null = null;
      if (line !== current.referenceLine) {
        // A case moving into another line takes that line's next number, so the number it had
        // cannot tell its new owner how many cases went the other way.
        previousReference = current.reference;
        changes.referenceLine = line;
        changes.reference = await this.writer.allocateReference(
          em,
          await this.schoolOf(em, current.schoolId),
          this.clock.now(),
          line,
        );
      }
      const next = await this.writer.update(em, current, dto.version, changes);
      await this.writer.appendEvent(em, caseId, {
        kind: 'handover',
        actorId: actor.userId,
        note: dto.reason,
        data: {
          fromUserId: current.ownerUserId,
          toUserId: dto.toUserId,
          ownerRole: capacity.role,
          ...(previousReference ? { previousReference, reference: next.reference } : {}),
        },
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'case.handed_over',
        targetType: 'case',
        targetId: caseId,
        schoolId: current.schoolId,
        detail: { fromUserId: current.ownerUserId, toUserId: dto.toUserId, version: next.version },
      });
      // Reports merged into the case (issue 21) are read on it: they go with it, or the old
      // owner, who handed the case on for a conflict, would still read the same matter there.
      const merged = await em
        .getRepository(CaseRecord)
        .find({ where: { mergedIntoCaseId: caseId } });
      for (const report of merged) {
        const follow: CaseChanges = {
          ownerUserId: dto.toUserId,
          ownerRole: capacity.role,
          ...(changes.headExcluded === false ? { headExcluded: false } : {}),
        };
        if (line !== report.referenceLine) {
          follow.referenceLine = line;
          follow.reference = await this.writer.allocateReference(
            em,
            await this.schoolOf(em, report.schoolId),
            this.clock.now(),
            line,
          );
        }
        const moved = await this.writer.update(em, report, report.version, follow);
        await this.writer.appendEvent(em, report.id, {
          kind: 'handover',
          actorId: actor.userId,
          note: dto.reason,
          data: {
            fromUserId: report.ownerUserId,
            toUserId: dto.toUserId,
            ownerRole: capacity.role,
            withCaseId: caseId,
            ...(follow.reference
              ? { previousReference: report.reference, reference: moved.reference }
              : {}),
          },
        });
        await this.audit.append(em, {
          actorId: actor.userId,
          action: 'case.handed_over',
          targetType: 'case',
          targetId: report.id,
          schoolId: report.schoolId,
          detail: {
            fromUserId: report.ownerUserId,
            toUserId: dto.toUserId,
            version: moved.version,
            withCaseId: caseId,
          },
        });
      }
      notices.push(...this.notices.toPeople([dto.toUserId], next, 'case_handed_over'));
      await this.notifications.record(em, notices);
      return { id: caseId, ownerUserId: dto.toUserId, ownerRole: capacity.role };
    });
    return result;
  }

  async appointPanel(
    actor: Actor,
    caseId: string,
    dto: AppointPanelDto,
  ): Promise<CaseDetailResponse> {
    const notices: Notice[] = [];
    await this.transactions.run(async (em) => {
      const { record: current, relation } = await this.cases.findVisible(actor, caseId, em);
      if (!relation.isAppointer) {
        throw new DomainException(
          403,
          'CASE_FORBIDDEN',
          'Only the chair of governors (or the head, when the chair may not) appoints a panel',
        );
      }
      if (dto.version !== current.version) throw staleVersion();
      const purpose = await this.panelPurpose(em, current);
      const members = [...new Set(dto.memberIds)];
      if (purpose === 'dismissal' && members.length < DISMISSAL_PANEL_SIZE)
        throw new DomainException(400, 'VALIDATION_FAILED', [
          `A dismissal is decided by a panel of at least ${DISMISSAL_PANEL_SIZE} governors`,
        ]);
      await this.checkPanel(em, current, members, purpose);
      const now = this.clock.now();
      // Appointing again replaces the sitting panel (a member withdrew): the old rows end.
      await this.writer.endPanel(em, caseId, now);
      await em.getRepository(CasePanelMember).insert(
        members.map((userId) => ({
          id: randomUUID(),
          caseId,
          userId,
          purpose,
          appointedAt: now,
          appointedById: actor.userId,
          endedAt: null,
        })),
      );
      const next = await this.writer.update(em, current, dto.version, {});
      await this.writer.appendEvent(em, caseId, {
        kind: 'panel_appointed',
        actorId: actor.userId,
        data: { purpose, memberIds: members },
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'case.panel_appointed',
        targetType: 'case',
        targetId: caseId,
        schoolId: current.schoolId,
        detail: { purpose, memberIds: members, version: next.version },
      });
      notices.push(...this.notices.toPeople(members, next, 'panel_appointed'));
      await this.notifications.record(em, notices);
    });
    return this.cases.detail(actor, caseId);
  }

  /**
   * The capacity the new owner would hold the case in, or a 409 saying why they may not own it.
   * Strangers and people of another school get the same answer.
   */
  private async capacityOf(
    c: CaseRecord,
    toUserId: string,
    actor: Actor,
  ): Promise<{ role: OwnerRole; line: ReferenceLine | null }> {
    const refuse = (why: string) => new DomainException(409, 'CASE_HANDOVER_INELIGIBLE', why);
    if (toUserId === actor.userId || toUserId === c.ownerUserId)
      throw refuse('That person already owns this case');
    const roles = await this.users.rolesOf(toUserId, c.schoolId);
    if (roles.length === 0) throw refuse("That person is not one of this school's people");
    if (toUserId === c.subjectUserId) throw refuse('That person is the subject of this case');
    if (toUserId === c.reporterId) throw refuse('That person reported this case');
    if (roles.includes('admin'))
      throw refuse("An admin runs the school's set-up and sees no case content");
    if (c.headExcluded && roles.includes('headteacher') && c.aboutHeadteacher !== 'not_sure')
      throw refuse('This case is about the headteacher');
    const capacity = OWNER_CAPACITIES.find(([role]) => roles.includes(role));
    if (!capacity) {
      throw refuse(
        'Only the headteacher, a safeguarding lead, the chair or a governor may own a case',
      );
    }
    const [role, line] = capacity;
    // A head taking a case the head was kept out of takes it as head, whatever else they hold.
    if (c.headExcluded && roles.includes('headteacher'))
      return { role: 'headteacher', line: 'head' };
    return { role, line };
  }

  /**
   * An appeal panel once an appeal is lodged; a dismissal panel at the hearing, where the
   * school's rules say dismissal is decided by governors (DOMAIN.md §5).
   */
  private async panelPurpose(em: EntityManager, c: CaseRecord): Promise<PanelPurpose> {
    if (c.status === 'appeal') return 'appeal';
    if (c.status === 'hearing' && (await this.rules.rulesFor(c.schoolId, em)).dismissalByPanel)
      return 'dismissal';
    throw new DomainException(
      409,
      'CASE_INVALID_TRANSITION',
      c.status === 'hearing'
        ? "This school's hearings are heard by the hearing manager: a panel is appointed for an appeal"
        : 'A panel is appointed once an appeal has been lodged, or for a dismissal hearing',
    );
  }

  /**
   * Everyone who had a part in the case may not sit on its panel: for an appeal, that includes
   * whoever heard the case (the hearing manager may chair a dismissal panel's hearing).
   */
  private async checkPanel(
    em: EntityManager,
    c: CaseRecord,
    members: string[],
    purpose: PanelPurpose,
  ): Promise<void> {
    const acted = await em
      .getRepository(CaseEvent)
      .createQueryBuilder('e')
      .select('DISTINCT e.actorId', 'actorId')
      .where('e.caseId = :caseId AND e.actorId IS NOT NULL', { caseId: c.id })
      .getRawMany<{ actorId: string }>();
    const previousOwners = (
      await em.getRepository(CaseEvent).find({ where: { caseId: c.id, kind: 'handover' } })
    ).map((e) => (JSON.parse(e.data ?? '{}') as { fromUserId?: string }).fromUserId);
    // Whoever sat on an earlier panel (the dismissal panel) was involved, whether or not they
    // pressed a button: they may not hear the appeal against their own decision.
    const earlierPanels = (
      await em.getRepository(CasePanelMember).find({
        where: { caseId: c.id, endedAt: Not(IsNull()) },
        select: { userId: true },
      })
    ).map((p) => p.userId);
    const involved = new Set(
      [
        c.ownerUserId,
        c.subjectUserId,
        c.reporterId,
        c.investigatorId,
        purpose === 'appeal' ? c.hearingManagerId : null,
        ...previousOwners,
        ...earlierPanels,
        ...acted.map((a) => a.actorId),
      ].filter((id): id is string => Boolean(id)),
    );
    const problems: string[] = [];
    for (const id of members) {
      const roles = await this.users.rolesOf(id, c.schoolId);
      if (!roles.some((r) => PANEL_ROLES.includes(r)) || roles.includes('admin')) {
        problems.push('Only governors of this school may sit on the panel');
      } else if (involved.has(id)) {
        problems.push(
          'Someone on the panel was involved in the case (its owner, subject, reporter, or someone who acted on it)',
        );
      }
    }
    if (problems.length > 0) {
      const conflict = problems.some((p) => p.startsWith('Someone'));
      throw new DomainException(409, conflict ? 'CASE_PANEL_CONFLICT' : 'CASE_PANEL_INELIGIBLE', [
        ...new Set(problems),
      ]);
    }
  }

  private async schoolOf(
    em: EntityManager,
    schoolId: string,
  ): Promise<{ id: string; code: string }> {
    const school = await em.getRepository(School).findOneOrFail({ where: { id: schoolId } });
    return { id: school.id, code: school.code };
  }
}
