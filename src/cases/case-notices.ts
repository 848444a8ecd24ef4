import { Injectable } from '@nestjs/common';
import type { Notice } from '../notifications/notifications.service.js';
import type { NotificationKind } from '../notifications/notification.entity.js';
import { UsersService } from '../users/users.service.js';
import type { CaseRecord } from './case.entity.js';

/** Works out who should hear of a change to a case. */
@Injectable()
export class CaseNotices {
  constructor(private readonly users: UsersService) {}

  async toOwners(c: CaseRecord, kind: NotificationKind): Promise<Notice[]> {
    return this.to(await this.users.holders(c.schoolId, c.ownerRole), c, kind);
  }

  async toHr(c: CaseRecord, kind: NotificationKind): Promise<Notice[]> {
    return this.to(await this.users.holders(c.schoolId, 'hr'), c, kind);
  }

  /** The chair hears appeals; when the chair investigated (the head was the subject), the governors. */
  async toAppealPanel(c: CaseRecord, kind: NotificationKind): Promise<Notice[]> {
    const role = c.ownerRole === 'chair_of_governors' ? 'governor' : 'chair_of_governors';
    return this.to(await this.users.holders(c.schoolId, role), c, kind);
  }

  private to(people: { id: string }[], c: CaseRecord, kind: NotificationKind): Notice[] {
    return people
      .filter((p) => p.id !== c.subjectUserId)
      .map((p) => ({ userId: p.id, kind, schoolId: c.schoolId, caseId: c.id }));
  }
}
