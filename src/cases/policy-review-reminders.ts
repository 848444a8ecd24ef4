import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock/clock.js';
import { endOfLondonDay } from '../common/clock/london-time.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { isUniqueViolation } from '../common/database/unique-violation.js';
import type { NotificationKind } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PolicyReminderSent } from '../schools/policy-records.entity.js';
import { PolicyVersion } from '../schools/policy-version.entity.js';
import { UsersService } from '../users/users.service.js';
import { SchoolRulesService } from './school-rules.service.js';

/** How far ahead of its review date a policy version is flagged to the admin and the head. */
export const POLICY_REVIEW_NOTICE_WORKING_DAYS = 20;

/**
 * The policy's review date (DOMAIN.md §10), reminded like a case clock: once when it is
 * POLICY_REVIEW_NOTICE_WORKING_DAYS working days away (by the school's own calendar) and once
 * when it has passed, to the school's admins and head. Only the version in force is reminded:
 * publishing a new one answers the reminder. Each is claimed once (policy_reminder_sent), so
 * several instances running the job still send it once. Run by CaseSchedules.
 */
@Injectable()
export class PolicyReviewReminders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: SchoolRulesService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Returns how many reminders this run sent. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const versions = await this.dataSource.getRepository(PolicyVersion).find({
      select: { id: true, schoolId: true, version: true, reviewDue: true },
      order: { version: 'DESC' },
    });
    const inForce = new Map<string, PolicyVersion>();
    for (const v of versions) if (!inForce.has(v.schoolId)) inForce.set(v.schoolId, v);
    const claimed = new Set(
      (await this.dataSource.getRepository(PolicyReminderSent).find()).map(
        (r) => `${r.policyVersionId}:${r.kind}`,
      ),
    );
    let sent = 0;
    for (const v of inForce.values()) {
      // The claim's key still guards a race with another instance; this skips the usual case.
      if (!v.reviewDue || claimed.has(`${v.id}:due`)) continue;
      const dueAt = endOfLondonDay(v.reviewDue);
      if (dueAt < now) {
        sent += await this.remind(v, 'due', dueAt, now);
        continue;
      }
      if (claimed.has(`${v.id}:before`)) continue;
      const calendar = this.rules.calendarFor(await this.rules.rulesFor(v.schoolId));
      if (calendar.workingDaysBetween(now, dueAt) <= POLICY_REVIEW_NOTICE_WORKING_DAYS)
        sent += await this.remind(v, 'before', dueAt, now);
    }
    return sent;
  }

  private async remind(
    v: PolicyVersion,
    kind: 'before' | 'due',
    dueAt: Date,
    now: Date,
  ): Promise<number> {
    const [admins, heads] = await Promise.all([
      this.users.holders(v.schoolId, 'admin'),
      this.users.holders(v.schoolId, 'headteacher'),
    ]);
    const recipients = [...new Set([...admins, ...heads].map((p) => p.id))];
    const noticeKind: NotificationKind =
      kind === 'due' ? 'policy_review_overdue' : 'policy_review_approaching';
    const claimed = await this.transactions
      .run(async (em) => {
        await em
          .getRepository(PolicyReminderSent)
          .insert({ policyVersionId: v.id, kind, sentAt: now });
        await this.notifications.record(
          em,
          recipients.map((userId) => ({
            userId,
            kind: noticeKind,
            schoolId: v.schoolId,
            deadline: {
              label: `review of policy version ${v.version}`,
              words: { key: 'mail.deadline.policyReview', args: { version: v.version } },
              dueAt,
            },
          })),
        );
        await this.audit.append(em, {
          actorId: null,
          action: kind === 'due' ? 'policy.review_passed' : 'policy.review_reminder',
          targetType: 'policy_version',
          targetId: v.id,
          schoolId: v.schoolId,
          detail: { version: v.version, reviewDue: v.reviewDue, recipients: recipients.length },
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
