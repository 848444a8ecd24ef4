import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AppConfig } from '../config/app-config.js';
import { User } from '../users/user.entity.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { Mailer, MailMessage } from './mailer.js';
import { Notification, NotificationKind } from './notification.entity.js';

export interface Notice {
  userId: string;
  kind: NotificationKind;
  schoolId?: string | null;
  caseId?: string | null;
  /** Shown in the reporter's acknowledgement only: an identifier, not case content. */
  reference?: string;
  /** The recipient's address when the caller already has it; otherwise it is looked up. */
  email?: string;
  /** A running clock the mail should mention: which deadline (fixed words) and when. */
  deadline?: { label: string; dueAt: Date };
}

/**
 * In-app notices are written inside the caller's transaction (they exist if and only if the
 * change does); mail goes out after commit and never carries names or report text.
 */
@Injectable()
export class NotificationsService implements OnModuleDestroy {
  private readonly logger = new Logger(NotificationsService.name);
  /** Mail handed over but not yet sent; finished before the app stops. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
  ) {}

  async record(em: EntityManager, notices: Notice[]): Promise<void> {
    if (notices.length === 0) return;
    const now = this.clock.now();
    await em.getRepository(Notification).insert(
      notices.map((n) => ({
        id: randomUUID(),
        userId: n.userId,
        schoolId: n.schoolId ?? null,
        caseId: n.caseId ?? null,
        kind: n.kind,
        createdAt: now,
        readAt: null,
      })),
    );
  }

  /**
   * Call after commit. The mail goes out in the background, so the person who acted is answered
   * without waiting for an SMTP server; the in-app notice already exists. A failure is logged
   * by id and never undoes the change.
   */
  dispatch(notices: Notice[]): void {
    if (notices.length === 0) return;
    const sending: Promise<void> = this.mail(notices)
      .catch((error: Error) =>
        this.logger.error(`mail for ${notices.length} notice(s) failed: ${error.message}`),
      )
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  /** Resolves once every mail dispatched so far has been tried. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private async mail(notices: Notice[]): Promise<void> {
    const unknown = [...new Set(notices.filter((n) => !n.email).map((n) => n.userId))];
    const users =
      unknown.length === 0
        ? []
        : await this.dataSource.getRepository(User).find({
            where: { id: In(unknown) },
            select: { id: true, email: true },
          });
    const emails = new Map(users.map((u) => [u.id, u.email]));
    await Promise.all(
      notices.map(async (notice) => {
        const to = notice.email ?? emails.get(notice.userId);
        if (!to) return;
        try {
          await this.mailer.send({ to, ...this.compose(notice) });
        } catch (error) {
          this.logger.error(
            `mail ${notice.kind} to user ${notice.userId} (case ${notice.caseId ?? '-'}) failed: ${(error as Error).message}`,
          );
        }
      }),
    );
  }

  /**
   * Mail about a person's own account (an invitation, a password reset), sent after commit like
   * dispatch(). The link is single-use and short-lived; the message holds nothing else.
   */
  sendAccountMail(mail: { to: string; kind: AccountMailKind; link: string; userId: string }): void {
    const sending: Promise<void> = this.mailer
      .send({ to: mail.to, ...composeAccountMail(mail.kind, mail.link) })
      .catch((error: Error) =>
        this.logger.error(`mail ${mail.kind} to user ${mail.userId} failed: ${error.message}`),
      )
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
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

  private compose(notice: Notice): Omit<MailMessage, 'to'> {
    const base = this.config.publicUrl;
    const caseLink = notice.caseId ? `${base}/cases/${notice.caseId}` : base;
    const footer =
      '\n\nFor confidentiality this message holds no details. Sign in to read them.\n' +
      'You receive this because of your role at your school.\n';
    // A clock's name is fixed wording and its date a date: neither is case content.
    const deadline = notice.deadline
      ? `\n\nDeadline: ${notice.deadline.label}, due by ${formatLondon(notice.deadline.dueAt, 'datetime')}.`
      : '';
    switch (notice.kind) {
      case 'case_assigned':
        return {
          subject: 'A new report needs your attention',
          text: `A report has been filed and you are responsible for it.\n\nOpen it: ${caseLink}${deadline}${footer}`,
        };
      case 'report_acknowledged':
        return {
          subject: `Your report has been received (${notice.reference ?? ''})`,
          text:
            `Thank you. Your report was received and passed to the person responsible.\n` +
            `Your reference is ${notice.reference ?? ''}.\n\nFollow it here: ${base}/reports/mine${footer}`,
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
          text: `A case you are responsible for has passed a deadline.\n\nOpen it: ${caseLink}${deadline}${footer}`,
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
      case 'case_moved':
        return {
          subject: 'A case you are responsible for has moved on',
          text: `A case you are responsible for has moved on and may need you.\n\nOpen it: ${caseLink}${deadline}${footer}`,
        };
      case 'hearing_arranged':
        return {
          subject: 'You are to hear a disciplinary hearing',
          text: `You have been named to hear a disciplinary hearing, or its date has changed.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'report_closed':
        return {
          subject: `Your report has been closed (${notice.reference ?? ''})`.replace(' ()', ''),
          text: `A report you made has been closed. Thank you for raising it.\n\nYour reports: ${base}/reports/mine${footer}`,
        };
      case 'deadline_approaching':
        return {
          subject: 'A deadline is due tomorrow',
          text: `A case you are responsible for has a deadline that is due.\n\nOpen it: ${caseLink}${deadline}${footer}`,
        };
      case 'deadline_escalated':
        return {
          subject: 'A safeguarding deadline has been missed',
          text:
            'A case at your school has missed a safeguarding deadline. You are told because of ' +
            `your role; please check with the person responsible.\n\nOpen your school's cases: ${base}${deadline}${footer}`,
        };
      case 'concern_pattern':
        return {
          subject: 'A pattern of low-level concerns may need review',
          text:
            'More than one low-level concern has been recorded about the same adult. A pattern ' +
            `may meet the harm threshold: consider consulting the LADO.\n\nOpen it: ${caseLink}${footer}`,
        };
    }
  }
}

export type AccountMailKind = 'invitation' | 'password_reset';

function composeAccountMail(kind: AccountMailKind, link: string): Omit<MailMessage, 'to'> {
  if (kind === 'invitation') {
    return {
      subject: 'You have been given an account on the school case tracker',
      text:
        'Your school has added you to its case tracker. Choose your password here:\n\n' +
        `${link}\n\nThe link works once and for 72 hours. If you did not expect this, ignore it.\n`,
    };
  }
  return {
    subject: 'Reset your password for the school case tracker',
    text:
      'Someone (we hope you) asked to reset your password. Choose a new one here:\n\n' +
      `${link}\n\nThe link works once and for one hour. If you did not ask, ignore this message: ` +
      'your password has not changed.\n',
  };
}
