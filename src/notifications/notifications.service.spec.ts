import { describe, expect, it } from '@jest/globals';
import type { Language } from '../common/language.js';
import { Translator } from '../platform/i18n/translator.js';
import type { MailMessage } from './mailer.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification.entity.js';
import { NotificationsService, type NoticeDeadline } from './notifications.service.js';

type Compose = (
  notice: { kind: NotificationKind; caseId: string | null },
  reference: string | undefined,
  due: NoticeDeadline<string> | undefined,
  lang: Language,
) => Omit<MailMessage, 'to' | 'messageId'>;

/** The words of every mail, without a database or a mail server. */
describe('the mail a notice sends', () => {
  const unused = {} as never;
  const service = new NotificationsService(
    unused,
    unused,
    { publicUrl: 'https://cases.example.org' } as never,
    unused,
    unused,
    unused,
    unused,
    new Translator(),
  );
  const compose = (service as unknown as { compose: Compose }).compose.bind(service);
  const dueAt = '2026-11-20T16:00:00.000Z';

  it.each(['en', 'cy'] as const)('fills every placeholder of every kind in %s', (lang) => {
    for (const kind of NOTIFICATION_KINDS) {
      const mail = compose({ kind, caseId: 'c1' }, 'OAK-2026-0001', { label: 'x', dueAt }, lang);
      expect(mail.subject).not.toMatch(/[{}]|mail\./);
      expect(mail.text).not.toMatch(/[{}]|mail\./);
    }
  });

  it('keeps the English words as they were', () => {
    const mail = compose({ kind: 'deletion_due', caseId: 'c1' }, undefined, undefined, 'en');
    expect(mail.subject).toBe('A closed case will be deleted under the retention schedule');
    expect(mail.text).toBe(
      'A closed case you own has reached the end of its retention period and will be deleted in ' +
        '5 working days. If an inquiry, a tribunal or litigation needs it kept, place a legal hold ' +
        'on it now.\n\nOpen it: https://cases.example.org/cases/c1\n\nFor confidentiality this ' +
        'message holds no details. Sign in to read them.\nYou receive this because of your role ' +
        'at your school.\n',
    );
    const closed = compose({ kind: 'report_closed', caseId: null }, undefined, undefined, 'en');
    expect(closed.subject).toBe('Your report has been closed');
  });

  it('names the deadlines that are not a case clock in the reader’s language', () => {
    const sar = compose(
      { kind: 'subject_access_due_soon', caseId: null },
      undefined,
      { label: 'subject access request', words: { key: 'mail.deadline.subjectAccess' }, dueAt },
      'cy',
    );
    expect(sar.text).toContain(
      'Terfyn amser: cais gwrthrych am wybodaeth, erbyn 20 Tach 2026, 16:00.',
    );
    const policy = compose(
      { kind: 'policy_review_overdue', caseId: null },
      undefined,
      {
        label: 'review of policy version 3',
        words: { key: 'mail.deadline.policyReview', args: { version: 3 } },
        dueAt,
      },
      'cy',
    );
    expect(policy.text).toContain("Terfyn amser: adolygu fersiwn 3 o'r polisi, erbyn 20 Tach 2026");
    const english = compose(
      { kind: 'policy_review_overdue', caseId: null },
      undefined,
      {
        label: 'review of policy version 3',
        words: { key: 'mail.deadline.policyReview', args: { version: 3 } },
        dueAt,
      },
      'en',
    );
    expect(english.text).toContain(
      'Deadline: review of policy version 3, due by 20 Nov 2026, 16:00.',
    );
  });
});
