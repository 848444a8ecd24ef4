import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AppConfig } from '../config/app-config.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { User } from '../users/user.entity.js';
import { Mailer, MailMessage } from './mailer.js';
import { Notification, NotificationKind } from './notification.entity.js';

export interface Notice {
  userId: string;
  kind: NotificationKind;
  schoolId?: string | null;
  caseId?: string | null;
  /** Shown in the reporter's acknowledgement only: an identifier, not case content. */
  reference?: string;
}

/** The job that mails one notice: ids and the case reference only, never case content. */
export const NOTICE_MAIL_JOB = 'notifications.mail';
interface NoticeMailJob {
  notificationId: string;
  reference?: string;
}

/**
 * In-app notices are written inside the caller's transaction, and so is the job that mails each
 * one: both exist if and only if the change does, and a crash or an SMTP server that is down
 * loses neither. A worker sends the mail after the commit, tried again with a growing delay for
 * about half a day; mail never carries names or report text.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    // 20 tries 5 s apart at first, doubling up to an hour apart: about eleven hours in all.
    this.queue.work<NoticeMailJob>(NOTICE_MAIL_JOB, (job) => this.mailNotice(job), {
      retryLimit: 20,
      retryDelaySeconds: 5,
      retryDelayMaxSeconds: 3600,
    });
  }

  /** The notices and the jobs that mail them, in the caller's transaction. */
  async record(em: EntityManager, notices: Notice[]): Promise<void> {
    if (notices.length === 0) return;
    const now = this.clock.now();
    const rows = notices.map((n) => ({
      id: randomUUID(),
      userId: n.userId,
      schoolId: n.schoolId ?? null,
      caseId: n.caseId ?? null,
      kind: n.kind,
      createdAt: now,
      readAt: null,
      mailedAt: null,
    }));
    await em.getRepository(Notification).insert(rows);
    for (const [i, row] of rows.entries()) {
      const reference = notices[i].reference;
      await this.queue.enqueue(em, NOTICE_MAIL_JOB, {
        notificationId: row.id,
        ...(reference ? { reference } : {}),
      } satisfies NoticeMailJob);
    }
  }

  /**
   * Sends one notice's mail unless it has gone already: a job cut off after the server took the
   * message but before the job was marked done runs again, and finds `mailedAt` set. The
   * Message-ID is the notice's own, so in the one window left (the server has taken the
   * message, the process dies before `mailedAt` commits) a receiving system sees the same
   * message twice, not two messages.
   */
  private async mailNotice({ notificationId, reference }: NoticeMailJob): Promise<void> {
    const found = await this.dataSource
      .getRepository(Notification)
      .findOne({ where: { id: notificationId } });
    if (!found || found.mailedAt) return;
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { id: found.userId }, select: { id: true, email: true } });
    if (!user?.email) return;
    try {
      await this.mailer.send({
        to: user.email,
        messageId: `<notice-${found.id}@${new URL(this.config.publicUrl).hostname}>`,
        ...this.compose(found, reference),
      });
    } catch (error) {
      this.logger.error(
        `mail ${found.kind} to user ${found.userId} (case ${found.caseId ?? '-'}) failed: ${(error as Error).name}`,
      );
      throw error;
    }
    await this.transactions.run((em) =>
      em
        .getRepository(Notification)
        .update({ id: found.id, mailedAt: IsNull() }, { mailedAt: this.clock.now() }),
    );
  }

  /** A person's latest notices, newest first. */
  async latestFor(userId: string, take = 50): Promise<Notification[]> {
    return this.dataSource.getRepository(Notification).find({
      where: { userId },
      order: { createdAt: 'DESC' },
      take,
    });
  }

  async unreadCount(userId: string): Promise<number> {
    return this.dataSource
      .getRepository(Notification)
      .count({ where: { userId, readAt: IsNull() } });
  }

  /** Only the person's own notices; reading one is not a change to any case. */
  async markAllRead(userId: string): Promise<void> {
    await this.transactions.run((em) =>
      em
        .getRepository(Notification)
        .update({ userId, readAt: IsNull() }, { readAt: this.clock.now() }),
    );
  }

  private compose(
    notice: Pick<Notification, 'kind' | 'caseId'>,
    reference: string | undefined,
  ): Omit<MailMessage, 'to' | 'messageId'> {
    const base = this.config.publicUrl;
    const caseLink = notice.caseId ? `${base}/cases/${notice.caseId}` : base;
    const footer =
      '\n\nFor confidentiality this message holds no details. Sign in to read them.\n' +
      'You receive this because of your role at your school.\n';
    switch (notice.kind) {
      case 'case_assigned':
        return {
          subject: 'A new report needs your attention',
          text: `A report has been filed and you are responsible for it.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'report_acknowledged':
        return {
          subject: `Your report has been received (${reference ?? ''})`,
          text:
            `Thank you. Your report was received and passed to the person responsible.\n` +
            `Your reference is ${reference ?? ''}.\n\nFollow it here: ${base}/reports/mine${footer}`,
        };
      case 'no_owner_warning':
        return {
          subject: 'A report has no one to receive it',
          text:
            'A report was received at your school, but there is no headteacher or chair of governors ' +
            'account to receive it. It is stored safely. Please create the missing account now.' +
            `\n\n${base}${footer}`,
        };
      case 'overdue_reminder':
        return {
          subject: 'A case is overdue',
          text: `A case you are responsible for has passed a deadline.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'hr_advice_requested':
        return {
          subject: 'HR advice has been requested',
          text: `A school has asked for your advice on a case.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'hr_advice_recorded':
        return {
          subject: 'HR advice has been recorded',
          text: `HR has recorded advice on a case you are responsible for.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'appeal_lodged':
        return {
          subject: 'An appeal needs a panel',
          text:
            'An appeal has been lodged on a case. Please appoint people who were not involved ' +
            `to hear it.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'case_handed_over':
        return {
          subject: 'A case has been handed to you',
          text: `A case has been handed to you and you are now responsible for it.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'panel_appointed':
        return {
          subject: 'You have been appointed to hear an appeal',
          text:
            'You have been appointed to a panel hearing an appeal. You can read the case until ' +
            `the appeal is decided.\n\nOpen it: ${caseLink}${footer}`,
        };
    }
  }
}
