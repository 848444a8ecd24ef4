import { Injectable } from '@nestjs/common';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import type { NotificationKind } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { Translator } from '../platform/i18n/translator.js';
import { languageOf, PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';

/**
 * Worded here from the kind (notifications.kind.<kind>): a notice stores no case text, so none
 * can leak through it.
 */
export const NOTICE_WORDS = (kind: NotificationKind) => `notifications.kind.${kind}`;

/** The in-app side of "notified at once": a person's notices, newest first. */
@Injectable()
export class NotificationPagesService {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  async list(req: RequestWithActor) {
    const notices = await this.notifications.latestFor(req.actor!.userId);
    const lang = languageOf(req);
    return {
      ...this.pages.base(req, this.words.t('notifications.title', lang), '/notifications'),
      notices: notices.map((n) => ({
        text: this.words.t(NOTICE_WORDS(n.kind), lang),
        at: formatLondon(n.createdAt, 'datetime', lang),
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
