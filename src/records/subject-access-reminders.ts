import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { SchoolRulesService } from '../cases/school-rules.service.js';
import { Clock } from '../common/clock/clock.js';
import { endOfLondonDay } from '../common/clock/london-time.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { isUniqueViolation } from '../common/database/unique-violation.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { UsersService } from '../users/users.service.js';
import {
  SubjectAccessEvent,
  SubjectAccessReminder,
  SubjectAccessRequest,
} from './subject-access.entities.js';
import { SubjectAccessService } from './subject-access.service.js';

/**
 * The subject access clock (DOMAIN.md §6): the school's admins and the request's reviewer (the
 * head, or the chair) are reminded one working day before the answer is due and again when it
 * has passed, as for a case clock. Each reminder is claimed once per due date, so an extension
 * brings new ones and several instances still send each once. The person the request is about
 * is never among those reminded. Hourly: the due date is a day.
 */
@Injectable()
export class SubjectAccessReminders implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: SubjectAccessService,
    private readonly rules: SchoolRulesService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.queue.schedule('records.subject-access-reminders', { everyMinutes: 60 }, async () => {
      await this.runOnce();
    });
  }

  /** Returns how many reminders this run sent. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const requests = await this.dataSource.getRepository(SubjectAccessRequest).find();
    const events = await this.dataSource
      .getRepository(SubjectAccessEvent)
      .find({ order: { requestId: 'ASC', seq: 'ASC' } });
    const claimed = new Set(
      (await this.dataSource.getRepository(SubjectAccessReminder).find()).map(
        (r) => `${r.requestId}:${r.kind}:${r.dueOn}`,
      ),
    );
    let sent = 0;
    for (const request of requests) {
      const state = this.requests.stateOf(events.filter((e) => e.requestId === request.id));
      if (state.answeredOn || !state.dueOn) continue;
      const dueAt = endOfLondonDay(state.dueOn);
      const key = (kind: string) => `${request.id}:${kind}:${state.dueOn}`;
      if (dueAt < now) {
        if (!claimed.has(key('due'))) sent += await this.remind(request, 'due', state.dueOn, now);
        continue;
      }
      if (claimed.has(key('before'))) continue;
      const calendar = this.rules.calendarFor(await this.rules.rulesFor(request.schoolId));
      if (calendar.workingDaysBetween(now, dueAt) <= 1)
        sent += await this.remind(request, 'before', state.dueOn, now);
    }
    return sent;
  }

  private async remind(
    request: SubjectAccessRequest,
    kind: 'before' | 'due',
    dueOn: string,
    now: Date,
  ): Promise<number> {
    const [admins, reviewers] = await Promise.all([
      this.users.holders(request.schoolId, 'admin'),
      this.users.holders(request.schoolId, request.reviewerRole),
    ]);
    const recipients = [...new Set([...admins, ...reviewers].map((p) => p.id))].filter(
      (id) => id !== request.personUserId,
    );
    const claimed = await this.transactions
      .run(async (em) => {
        await em
          .getRepository(SubjectAccessReminder)
          .insert({ requestId: request.id, kind, dueOn, sentAt: now });
        await this.notifications.record(
          em,
          recipients.map((userId) => ({
            userId,
            kind: kind === 'due' ? 'subject_access_overdue' : 'subject_access_due_soon',
            schoolId: request.schoolId,
            deadline: {
              label: 'subject access request',
              words: { key: 'mail.deadline.subjectAccess' },
              dueAt: endOfLondonDay(dueOn),
            },
          })),
        );
        await this.audit.append(em, {
          actorId: null,
          action: kind === 'due' ? 'subject_access.due_passed' : 'subject_access.reminder',
          targetType: 'subject_access_request',
          targetId: request.id,
          schoolId: request.schoolId,
          detail: { dueOn, recipients: recipients.length },
        });
        return true;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return false; // already sent, here or by another instance
        throw error;
      });
    return claimed ? 1 : 0;
  }
}
