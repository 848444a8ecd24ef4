import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AppConfig } from '../config/app-config.js';
import { SecretBox } from '../common/crypto/secret-box.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { DEFAULT_LANGUAGE, HTML_LANG, isLanguage, type Language } from '../common/language.js';
import { Translator } from '../platform/i18n/translator.js';
import { School } from '../schools/school.entity.js';
import { Membership } from '../users/membership.entity.js';
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
   * A deadline the mail should mention: which (fixed words), when, and for a running clock how
   * soon it needs action ("within 1 working day"). The mail says its name in its reader's
   * language: a case clock's from its `clock` kind, another deadline's from `words` (a catalogue
   * key and its values); `label` is the English, for a job queued before either existed.
   */
  deadline?: NoticeDeadline<Date>;
}

export interface NoticeDeadline<At> {
  label: string;
  dueAt: At;
  within?: string;
  /** `within` as catalogue words (clockWithinWords), said in the reader's language. */
  withinWords?: CatalogueWords;
  clock?: string;
  words?: CatalogueWords;
}

/** A catalogue key and its values: words a mail says later, in its reader's language. */
interface CatalogueWords {
  key: string;
  args?: Record<string, string | number>;
}

/** The job that mails one notice: ids, the case reference and fixed words only, never content. */
export const NOTICE_MAIL_JOB = 'notifications.mail';
interface NoticeMailJob {
  notificationId: string;
  reference?: string;
  deadline?: NoticeDeadline<string>;
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
    private readonly words: Translator,
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
                ...(deadline.clock ? { clock: deadline.clock } : {}),
                ...(deadline.words ? { words: deadline.words } : {}),
                ...(deadline.withinWords ? { withinWords: deadline.withinWords } : {}),
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
    // In the recipient's language, whoever caused the notice.
    const lang = await this.languageOf(user.id);
    try {
      await this.mailer.send({
        to: user.email,
        messageId: `<notice-${found.id}@${new URL(this.config.publicUrl).hostname}>`,
        ...this.compose(found, reference, deadline, lang),
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
      const lang = await this.languageOf(user.id);
      const t = (key: string, args?: Record<string, unknown>) => this.words.t(key, lang, args);
      await this.mailer.send({
        to: user.email,
        ...composeAccountMail(kind, link, t),
        language: HTML_LANG[lang],
      });
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

  /** The recipient's language: their own choice, else their first school's (as their pages). */
  private async languageOf(userId: string): Promise<Language> {
    const rows = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoin(Membership, 'm', 'm.userId = u.id')
      .leftJoin(School, 's', 's.id = m.schoolId')
      .select(['u.language AS "language"', 's.language AS "schoolLanguage"'])
      .where('u.id = :userId', { userId })
      .orderBy('s.code', 'ASC')
      .getRawMany<{ language: string | null; schoolLanguage: string | null }>();
    if (rows.length === 0) return DEFAULT_LANGUAGE;
    return (
      [rows[0].language, ...rows.map((r) => r.schoolLanguage)].find(isLanguage) ?? DEFAULT_LANGUAGE
    );
  }

  private compose(
    notice: Pick<Notification, 'kind' | 'caseId'>,
    reference: string | undefined,
    due: NoticeMailJob['deadline'],
    lang: Language,
  ): Omit<MailMessage, 'to' | 'messageId'> {
    const t = (key: string, args?: Record<string, unknown>) => this.words.t(key, lang, args);
    const base = this.config.publicUrl;
    const link = notice.caseId ? `${base}/cases/${notice.caseId}` : base;
    const footer = `\n\n${t('mail.footer')}\n`;
    const key = `mail.notice.${camelCase(notice.kind)}`;
    const subject =
      notice.kind === 'report_closed' && reference
        ? t(`${key}.subjectWithReference`, { reference })
        : t(`${key}.subject`, { reference: reference ?? '' });
    const text = t(`${key}.text`, {
      link,
      base,
      reference: reference ?? '',
      days: DELETION_NOTICE_DAYS,
    });
    const deadline = due && SAYS_DEADLINE.has(notice.kind) ? this.deadline(due, lang) : '';
    return {
      subject,
      text: `${text}${deadline}${footer}`,
      fromName: t('mail.sender'),
      language: HTML_LANG[lang],
    };
  }

  /** A clock's name is fixed wording and its date a date: neither is case content. */
  private deadline(due: NonNullable<NoticeMailJob['deadline']>, lang: Language): string {
    const t = (key: string, args?: Record<string, unknown>) => this.words.t(key, lang, args);
    const by = formatLondon(new Date(due.dueAt), 'datetime', lang);
    const label = this.deadlineLabel(due, lang);
    if (due.within) {
      const within =
        (due.withinWords && inCatalogue(t, due.withinWords.key, due.withinWords.args)) ||
        due.within;
      return `\n\n${t('mail.deadline.running', { within, by, label })}`;
    }
    return `\n\n${t('mail.deadline.due', { label, by })}`;
  }

  /** The clock's words in the recipient's language; the English ones the job carries otherwise. */
  private deadlineLabel(due: NonNullable<NoticeMailJob['deadline']>, lang: Language): string {
    const t = (key: string, args?: Record<string, unknown>) => this.words.t(key, lang, args);
    if (due.clock) return inCatalogue(t, `labels.clock.${due.clock}`) ?? due.label;
    if (due.words) return inCatalogue(t, due.words.key, due.words.args) ?? due.label;
    return due.label;
  }
}

export type AccountMailKind = 'invitation' | 'password_reset';

/** Which mails name the clock that is running (the others are not about meeting one). */
const SAYS_DEADLINE = new Set<NotificationKind>([
  'case_assigned',
  'overdue_reminder',
  'case_moved',
  'deadline_approaching',
  'deadline_escalated',
  'dismissal_panel_needed',
  'policy_review_approaching',
  'policy_review_overdue',
  'subject_access_due_soon',
  'subject_access_overdue',
  'returned_from_hr',
  'appeal_decided',
  'evidence_added',
]);

/** `case_assigned` is the catalogue's `caseAssigned`. */
function camelCase(kind: string): string {
  return kind.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The words at `key`, or undefined where the catalogue has none (i18next answers the key). */
function inCatalogue(
  t: (key: string, args?: Record<string, unknown>) => string,
  key: string,
  args?: Record<string, unknown>,
): string | undefined {
  const words = t(key, args);
  return words === key ? undefined : words;
}

function composeAccountMail(
  kind: AccountMailKind,
  link: string,
  t: (key: string, args?: Record<string, unknown>) => string,
): Omit<MailMessage, 'to'> {
  const key = kind === 'invitation' ? 'mail.invitation' : 'mail.passwordReset';
  return {
    subject: t(`${key}.subject`),
    text: `${t(`${key}.text`, { link })}\n`,
    fromName: t('mail.sender'),
  };
}
