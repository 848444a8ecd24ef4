import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { NotFoundDomainException } from '../common/errors/domain.exception.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { UsersService } from '../users/users.service.js';
import { CaseRelation } from './case-access.js';
import { CaseEvent } from './case-event.entity.js';
import { CaseNotices } from './case-notices.js';
import { CaseWriter } from './case-writer.js';
import { CasesService } from './cases.service.js';
import { MessageDto } from './dto/case-commands.dto.js';
import { CaseMessageResponse, CaseMessagesResponse } from './dto/case-detail.response.js';

type Side = 'school' | 'reporter';

/**
 * The two-way thread between the school (the case's owner and HR) and the person who made the
 * report. It lets an owner ask a confidential reporter a follow-up question without anyone else
 * learning who they are: the messages are case events (never edited), read only by the owner,
 * HR and the reporter, and the notices and mail about them carry no text and no name.
 */
@Injectable()
export class CaseMessagesService {
  constructor(
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly dataSource: DataSource,
  ) {}

  async send(actor: Actor, caseId: string, dto: MessageDto): Promise<CaseMessageResponse> {
    const sent = await this.transactions.run(async (em) => {
      const { record: c, relation } = await this.cases.findVisible(actor, caseId, em);
      const side = sideOf(relation);
      const event = await this.writer.appendEvent(em, caseId, {
        kind: 'message',
        actorId: actor.userId,
        note: dto.body,
        data: { from: side },
      });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: side === 'school' ? 'case.message_to_reporter' : 'case.message_from_reporter',
        targetType: 'case',
        targetId: c.id,
        schoolId: c.schoolId,
        detail: { eventId: event.id },
      });
      await this.notifications.record(
        em,
        side === 'school'
          ? this.notices.toPeople([c.reporterId], c, 'message_for_reporter')
          : await this.notices.toOwners(c, 'message_from_reporter'),
      );
      return { event, side };
    });
    return {
      id: sent.event.id,
      at: sent.event.at.toISOString(),
      from: sent.side,
      author: sent.side === 'school' ? null : actor.name,
      body: dto.body,
    };
  }

  async list(actor: Actor, caseId: string): Promise<CaseMessagesResponse> {
    const { relation } = await this.cases.findVisible(actor, caseId);
    return this.threadFor(actor, caseId, relation);
  }

  /** The thread of a case the caller has already been found to see (the case page). */
  async threadFor(
    actor: Actor,
    caseId: string,
    relation: CaseRelation,
  ): Promise<CaseMessagesResponse> {
    const side = sideOf(relation);
    const events = await this.dataSource.getRepository(CaseEvent).find({
      where: { caseId, kind: 'message' },
      order: { seq: 'ASC' },
    });
    // The reporter reads the school's messages as the school's; the owner and HR see who wrote.
    const names =
      side === 'school'
        ? await this.users.namesOf(events.map((e) => e.actorId).filter((x): x is string => !!x))
        : new Map<string, string>();
    return {
      items: events.map((e) => {
        const from = (JSON.parse(e.data ?? '{}') as { from?: Side }).from ?? 'school';
        return {
          id: e.id,
          at: e.at.toISOString(),
          from,
          author:
            side === 'reporter'
              ? from === 'reporter'
                ? actor.name
                : null
              : (names.get(e.actorId ?? '') ?? null),
          body: e.note ?? '',
        };
      }),
    };
  }
}

/**
 * Which side of the thread the caller writes from. Anyone else who may see the case (a panel,
 * a hearing manager, the appointer) gets the same 404 as for a thread that does not exist.
 */
function sideOf(relation: CaseRelation): Side {
  if (relation.isOwner || relation.isHr) return 'school';
  if (relation.access === 'reporter') return 'reporter';
  throw new NotFoundDomainException('Case');
}
