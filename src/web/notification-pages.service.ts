import { Injectable } from '@nestjs/common';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import type { NotificationKind } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';

/** Worded here from the kind: a notice stores no case text, so none can leak through it. */
const WORDS: Record<NotificationKind, string> = {
  case_assigned: 'A new report needs your attention',
  report_acknowledged: 'Your report was received',
  no_owner_warning:
    'A report arrived and your school has no headteacher or chair account to receive it',
  overdue_reminder: 'A case you are responsible for is overdue',
  hr_advice_requested: 'HR advice has been requested on a case',
  hr_advice_recorded: 'HR advice has been recorded on your case',
  appeal_lodged: 'An appeal has been lodged: appoint people to hear it',
  case_handed_over: 'A case has been handed to you',
  panel_appointed: 'You have been appointed to a panel hearing a case',
  case_moved: 'A case you are responsible for has moved on',
  hearing_arranged: 'You are to hear a disciplinary hearing',
  report_closed: 'A report you made has been closed',
  deadline_approaching: 'A deadline on one of your cases is due',
  deadline_escalated: 'A safeguarding deadline was missed at your school',
  concern_pattern: 'More than one low-level concern about the same adult: consider the LADO',
  deletion_due: 'A closed case will be deleted soon under the retention schedule',
  dismissal_panel_needed: 'A disciplinary hearing needs a panel of governors: appoint one',
  message_for_reporter: 'The school has sent you a message about a report you made',
  message_from_reporter: 'The person who made a report has sent a message',
  policy_review_approaching: "Your school's social-media policy is due for review soon",
  policy_review_overdue: "Your school's social-media policy has passed its review date",
  subject_access_due_soon: 'A subject access request is due for an answer by the next working day',
  subject_access_overdue: 'A subject access request has passed its due date',
  returned_from_hr: 'HR has returned a case to you',
  appeal_decided: 'An appeal on a case you are responsible for has been decided',
  evidence_added: 'New evidence was added to a case you are responsible for',
};

/** The in-app side of "notified at once": a person's notices, newest first. */
@Injectable()
export class NotificationPagesService {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly pages: PageContext,
  ) {}

  async list(req: RequestWithActor) {
    const notices = await this.notifications.latestFor(req.actor!.userId);
    return {
      ...this.pages.base(req, 'Notifications', '/notifications'),
      notices: notices.map((n) => ({
        text: WORDS[n.kind],
        at: formatLondon(n.createdAt, 'datetime'),
        href: n.caseId ? `/cases/${n.caseId}` : null,
        unread: n.readAt === null,
      })),
      anyUnread: notices.some((n) => n.readAt === null),
    };
  }

  async markAllRead(req: RequestWithActor): Promise<PageResult> {
    await this.notifications.markAllRead(req.actor!.userId);
    return { redirect: '/notifications' };
  }
}
