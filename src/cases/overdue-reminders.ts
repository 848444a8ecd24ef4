import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock/clock.js';
import { WorkingDayCalendar } from '../common/clock/working-days.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { isUniqueViolation } from '../common/database/unique-violation.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { CaseRecord } from './case.entity.js';
import { runningClocks } from './case-clocks.js';
import { CaseNotices } from './case-notices.js';
import { ReminderSent } from './reminder-sent.entity.js';

/**
 * Reminds owners, in the app and by mail (no details), once per overdue deadline. Run every few
 * minutes by the job queue (CaseSchedules), once across all instances.
 */
@Injectable()
export class OverdueReminders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: WorkingDayCalendar,
    private readonly notices: CaseNotices,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Returns how many reminders this run sent. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const overdue = await this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.dueAt IS NOT NULL AND c.dueAt < :now', { now: now.toISOString() })
      .getMany();
    let sent = 0;
    for (const c of overdue) {
      for (const clock of runningClocks(c, this.calendar).filter((k) => k.dueAt < now)) {
        const notices = await this.notices.toOwners(c, 'overdue_reminder');
        const claimed = await this.transactions
          .run(async (em) => {
            await em.getRepository(ReminderSent).insert({
              caseId: c.id,
              clock: clock.kind,
              dueAt: clock.dueAt.toISOString(),
              sentAt: now,
            });
            await this.notifications.record(em, notices);
            await this.audit.append(em, {
              actorId: null,
              action: 'case.overdue_reminder',
              targetType: 'case',
              targetId: c.id,
              schoolId: c.schoolId,
              detail: { clock: clock.kind, dueAt: clock.dueAt.toISOString() },
            });
            return true;
          })
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) return false; // already reminded, here or by another instance
            throw error;
          });
        if (claimed) sent++;
      }
    }
    return sent;
  }
}
