import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AppConfig } from '../config/app-config.js';
import { SecretBox } from '../common/crypto/secret-box.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { User } from '../users/user.entity.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { Mailer, MailMessage } from './mailer.js';
import { Notification, NotificationKind } from './notification.entity.js';

/** Mirrors records/ DELETION_NOTICE_WORKING_DAYS (notifications may not import records). */
const DELETION_NOTICE_DAYS = 5;

export interface Notice {
  userId: string;
  kind: NotificationKind;
  schoolId?: string | null;
  caseId?: string | null;
  /** Shown in the reporter's acknowledgement only: an identifier, not case content. */
  reference?: string;
  /**
   * A running clock the mail should mention: which deadline (fixed words), when, and how soon
   * it needs action ("within 1 working day").
   */
  deadline?: { label: string; dueAt: Date; within?: string };
}

/** The job that mails one notice: ids, the case reference and fixed words only, never content. */
export const NOTICE_MAIL_JOB = 'notifications.mail';
interface NoticeMailJob {
  notificationId: string;
  reference?: string;
  deadline?: { label: string; dueAt: string; within?: string };
}

/**
 * The job that mails an invitation or a reset link. The link opens an account, so it is sealed
 * (SecretBox) while it waits in the queue: a copy of the database alone cannot use it.
 */
export const ACCOUNT_MAIL_JOB = 'notifications.account-mail';
const ACCOUNT_LINK_SEAL = 'account-mail-link';
interface AccountMailJob {
  userId: string;
  kind: AccountMailKind;
  sealedLink: string;
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
    private readonly secrets: SecretBox,
  ) {}

  onModuleInit(): void {
    // 20 tries 5 s apart at first, doubling up to an hour apart: about eleven hours in all.
    this.queue.work<NoticeMailJob>(NOTICE_MAIL_JOB, (job) => this.mailNotice(job), {
      retryLimit: 20,
      retryDelaySeconds: 5,
      retryDelayMaxSeconds: 3600,
    });
    // An invitation lasts three days and a reset link an hour: retrying for longer is pointless.
    this.queue.work<AccountMailJob>(ACCOUNT_MAIL_JOB, (job) => this.mailAccountLink(job), {
      retryLimit: 10,
      retryDelaySeconds: 5,
      retryDelayMaxSeconds: 600,
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
      const { reference, deadline } = notices[i];
      await this.queue.enqueue(em, NOTICE_MAIL_JOB, {
        notificationId: row.id,
        ...(reference ? { reference } : {}),
        ...(deadline
          ? {
              deadline: {
                label: deadline.label,
                dueAt: deadline.dueAt.toISOString(),
                ...(deadline.within ? { within: deadline.within } : {}),
              },
            }
          : {}),
      } satisfies NoticeMailJob);
    }
  }

  /** The job that mails a person their own account link, in the caller's transaction. */
  async recordAccountMail(
    em: EntityManager,
    mail: { userId: string; kind: AccountMailKind; link: string },
  ): Promise<void> {
    await this.queue.enqueue(em, ACCOUNT_MAIL_JOB, {
      userId: mail.userId,
      kind: mail.kind,
      sealedLink: this.secrets.seal(ACCOUNT_LINK_SEAL, mail.link),
    } satisfies AccountMailJob);
  }

  /**
   * Sends one notice's mail unless it has gone already: a job cut off after the server took the
   * message but before the job was marked done runs again, and finds `mailedAt` set. The
   * Message-ID is the notice's own, so in the one window left (the server has taken the
   * message, the process dies before `mailedAt` commits) a receiving system sees the same
   * message twice, not two messages.
   */
  private async mailNotice({ notificationId, reference, deadline }: NoticeMailJob): Promise<void> {
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
        ...this.compose(found, reference, deadline),
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

  /**
   * An invitation or a reset link, to the person's address as it is now. The link is
   * single-use and short-lived; the message holds nothing else. Sent at least once: a retry
   * after the server took the message sends the same link again, which is harmless.
   */
  private async mailAccountLink({ userId, kind, sealedLink }: AccountMailJob): Promise<void> {
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { id: userId }, select: { id: true, email: true, disabledAt: true } });
    if (!user?.email || user.disabledAt) return;
    const link = this.secrets.open(ACCOUNT_LINK_SEAL, sealedLink);
    try {
      await this.mailer.send({ to: user.email, ...composeAccountMail(kind, link) });
    } catch (error) {
      this.logger.error(`mail ${kind} to user ${userId} failed: ${(error as Error).name}`);
      throw error;
    }
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
    due: NoticeMailJob['deadline'],
  ): Omit<MailMessage, 'to' | 'messageId'> {
    const base = this.config.publicUrl;
    const caseLink = notice.caseId ? `${base}/cases/${notice.caseId}` : base;
    const footer =
      '\n\nFor confidentiality this message holds no details. Sign in to read them.\n' +
      'You receive this because of your role at your school.\n';
    // A clock's name is fixed wording and its date a date: neither is case content.
    const by = due ? formatLondon(new Date(due.dueAt), 'datetime') : '';
    const deadline = !due
      ? ''
      : due.within
        ? `\n\nA clock is running: this needs action ${due.within} (by ${by}). Deadline: ${due.label}.`
        : `\n\nDeadline: ${due.label}, due by ${by}.`;
    switch (notice.kind) {
      case 'case_assigned':
        return {
          subject: 'A new report needs your attention',
          text: `A report has been filed and you are responsible for it.\n\nOpen it: ${caseLink}${deadline}${footer}`,
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
          subject: 'You have been appointed to a panel',
          text:
            'You have been appointed to a panel hearing a case (an appeal, or a dismissal ' +
            `hearing). You can read the case until the panel decides.\n\nOpen it: ${caseLink}${footer}`,
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
          subject: `Your report has been closed (${reference ?? ''})`.replace(' ()', ''),
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
      case 'dismissal_panel_needed':
        return {
          subject: 'A disciplinary hearing needs a panel of governors',
          text:
            "A disciplinary hearing has been called at your school, and the school's rules say a " +
            'dismissal is decided by a panel of at least three governors who were not involved. ' +
            `Please appoint one.\n\nOpen it: ${caseLink}${deadline}${footer}`,
        };
      // Neither message mail says what the message is, who sent it or what the case is about:
      // mail leaves the school's control, and a confidential reporter must stay unnamed.
      case 'message_for_reporter':
        return {
          subject: 'A message is waiting for you',
          text:
            'The school has sent you a message about a report you made. Sign in to read it ' +
            `and reply.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'message_from_reporter':
        return {
          subject: 'A message is waiting on a case',
          text: `The person who made a report has sent a message on a case you are responsible for.\n\nOpen it: ${caseLink}${footer}`,
        };
      case 'policy_review_approaching':
        return {
          subject: "The school's social-media policy is due for review",
          text:
            "Your school's social-media policy is due for review soon. Review it and publish the " +
            `approved version with its next review date.\n\n${base}/admin${deadline}${footer}`,
        };
      case 'policy_review_overdue':
        return {
          subject: "The school's social-media policy has passed its review date",
          text:
            "Your school's social-media policy has passed its review date. Review it and publish " +
            `the approved version with its next review date.\n\n${base}/admin${deadline}${footer}`,
        };
      case 'deletion_due':
        return {
          subject: 'A closed case will be deleted under the retention schedule',
          text:
            'A closed case you own has reached the end of its retention period and will be ' +
            `deleted in ${DELETION_NOTICE_DAYS} working days. If an inquiry, a tribunal or ` +
            `litigation needs it kept, place a legal hold on it now.\n\nOpen it: ${caseLink}${footer}`,
        };
      // A request names a person: the mail says only that one is due, and where to look.
      case 'subject_access_due_soon':
        return {
          subject: 'A subject access request is due for an answer',
          text:
            'A subject access request at your school is due for an answer by the next working day. ' +
            `Produce, review and release its export, or record an extension with its reason.\n\n${base}${deadline}${footer}`,
        };
      case 'subject_access_overdue':
        return {
          subject: 'A subject access request has passed its due date',
          text:
            'A subject access request at your school has passed its due date without an answer. ' +
            `Answer it now, or record an extension with its reason.\n\n${base}${deadline}${footer}`,
        };
      case 'returned_from_hr':
        return {
          subject: 'HR has returned a case to you',
          text: `HR has given its advice and returned a case you are responsible for to the investigation.\n\nOpen it: ${caseLink}${deadline}${footer}`,
        };
      case 'appeal_decided':
        return {
          subject: 'An appeal has been decided',
          text: `The appeal on a case you are responsible for has been decided. The case may now be closed.\n\nOpen it: ${caseLink}${deadline}${footer}`,
        };
      case 'evidence_added':
        return {
          subject: 'New evidence has been added to a case',
          text: `New evidence has been added to a case you are responsible for.\n\nOpen it: ${caseLink}${deadline}${footer}`,
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
