import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { isUniqueViolation } from '../common/database/unique-violation.js';
import { Notice, NotificationsService } from '../notifications/notifications.service.js';
import { CaseRecord } from './case.entity.js';
import { CaseNotices } from './case-notices.js';
import { CaseWriter } from './case-writer.js';
import { ReminderSent } from './reminder-sent.entity.js';
import { SchoolRulesService } from './school-rules.service.js';
import { CLOCK_LABEL, runningClocks, type RunningClock } from './workflow/index.js';

/** How far ahead to look for deadlines that will need a "due tomorrow" reminder. */
const LOOK_AHEAD_MS = 6 * 86_400_000;

/**
 * The clocks of DOMAIN.md §6, reminded as the domain says: one working day before a deadline
 * and again when it passes, to the clock's holder (the owner, or HR for its own advice), with
 * safeguarding lateness escalated to the chair (or the DSL when the chair owns the case). A
 * deadline that passes is kept on the case's timeline. Each reminder is claimed once (the
 * reminder_sent key); the job queue runs this every five minutes (CaseSchedules).
 */
@Injectable()
export class OverdueReminders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: SchoolRulesService,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
    private readonly writer: CaseWriter,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Returns how many reminders (and escalations) this run sent. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const soon = new Date(now.getTime() + LOOK_AHEAD_MS).toISOString();
    const candidates = await this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where("c.status <> 'closed'")
      .andWhere(
        new Brackets((w) =>
          w
            .where('c.dueAt IS NOT NULL AND c.dueAt < :soon', { soon })
            .orWhere("c.status = 'outcome' AND c.outcomeLetterSentAt IS NOT NULL"),
        ),
      )
      .getMany();
    let sent = 0;
    for (const c of candidates) {
      const rules = await this.rules.rulesFor(c.schoolId);
      const calendar = this.rules.calendarFor(rules);
      for (const clock of runningClocks(c, calendar, rules.appealWindowWorkingDays)) {
        const passed = clock.dueAt < now;
        // Not for a clock of a day or less: the notice that started it said it was due.
        const dueTomorrow =
          !passed &&
          !clock.window &&
          calendar.workingDaysBetween(now, clock.dueAt) <= 1 &&
          calendar.workingDaysBetween(clock.startedAt, clock.dueAt) > 1;
        if (passed) sent += await this.remind(c, clock, 'due', now);
        else if (dueTomorrow) sent += await this.remind(c, clock, 'before', now);
      }
    }
    return sent;
  }

  private async remind(
    c: CaseRecord,
    clock: RunningClock,
    when: 'before' | 'due',
    now: Date,
  ): Promise<number> {
    const deadline = { label: CLOCK_LABEL[clock.kind], dueAt: clock.dueAt, clock: clock.kind };
    const holder =
      clock.holder === 'hr'
        ? await this.notices.toHr(c, when === 'due' ? 'overdue_reminder' : 'deadline_approaching')
        : await this.notices.toOwners(
            c,
            when === 'due' ? 'overdue_reminder' : 'deadline_approaching',
          );
    const notices: Notice[] = holder.map((n) => ({ ...n, deadline }));
    if (when === 'due' && clock.escalateTo)
      notices.push(...(await this.escalation(c, clock)).map((n) => ({ ...n, deadline })));
    const claimed = await this.transactions
      .run(async (em) => {
        await this.claim(em, c, `${when}:${clock.kind}`, clock.dueAt, now);
        if (when === 'due' && !clock.window) await this.writer.recordMissed(em, c.id, clock, null);
        await this.notifications.record(em, notices);
        await this.audit.append(em, {
          actorId: null,
          action: when === 'due' ? 'case.deadline_passed' : 'case.deadline_reminder',
          targetType: 'case',
          targetId: c.id,
          schoolId: c.schoolId,
          detail: { clock: clock.kind, dueAt: clock.dueAt.toISOString() },
        });
        return true;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return false; // already sent, here or by another instance
        throw error;
      });
    if (!claimed) return 0;
    return notices.length > 0 ? 1 : 0;
  }

  private async claim(em: EntityManager, c: CaseRecord, key: string, dueAt: Date, now: Date) {
    await em
      .getRepository(ReminderSent)
      .insert({ caseId: c.id, clock: key, dueAt: dueAt.toISOString(), sentAt: now });
  }

  /** Who else hears of a safeguarding deadline missed (DOMAIN.md §6). */
  private async escalation(c: CaseRecord, clock: RunningClock): Promise<Notice[]> {
    if (clock.escalateTo === 'owner') return this.notices.toOwners(c, 'deadline_escalated');
    const chairOwns = c.ownerRole === 'chair_of_governors';
    if (clock.escalateTo === 'chair_or_dsl' && chairOwns)
      return this.notices.toRole(c, 'dsl', 'deadline_escalated');
    if (chairOwns) return [];
    return this.notices.toRole(c, 'chair_of_governors', 'deadline_escalated');
  }
}
