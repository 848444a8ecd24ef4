import { Injectable } from '@nestjs/common';
import type { Notice } from '../notifications/notifications.service.js';
import type { NotificationKind } from '../notifications/notification.entity.js';
import type { Role } from '../common/role.js';
import { UsersService } from '../users/users.service.js';
import type { CaseRecord } from './case.entity.js';

/** Works out who should hear of a change to a case. */
@Injectable()
export class CaseNotices {
  constructor(private readonly users: UsersService) {}

  /** The owner; while a case has none, whoever holds its owner role (it is theirs to take). */
  async toOwners(c: CaseRecord, kind: NotificationKind): Promise<Notice[]> {
    if (c.ownerUserId) return this.to([{ id: c.ownerUserId }], c, kind);
    if (c.ownerRole === 'governor') return [];
    return this.to(await this.users.holders(c.schoolId, c.ownerRole), c, kind);
  }

  async toHr(c: CaseRecord, kind: NotificationKind): Promise<Notice[]> {
    return this.to(await this.users.holders(c.schoolId, 'hr'), c, kind);
  }

  /** Whoever appoints the appeal panel: the chair, or the head when no chair may (the subject). */
  async toAppointers(c: CaseRecord, kind: NotificationKind): Promise<Notice[]> {
    const chairs = (await this.users.holders(c.schoolId, 'chair_of_governors')).filter(
      (p) => p.id !== c.subjectUserId,
    );
    if (chairs.length === 0 && c.headExcluded) return [];
    const appointers =
      chairs.length > 0 ? chairs : await this.users.holders(c.schoolId, 'headteacher');
    return this.to(appointers, c, kind);
  }

  /**
   * Holders of a role, told that something happened at their school without being pointed at
   * the case (they may not see it). Never a head about a case the head is kept out of.
   */
  async toRole(c: CaseRecord, role: Role, kind: NotificationKind): Promise<Notice[]> {
    const heads = c.headExcluded ? await this.users.holders(c.schoolId, 'headteacher') : [];
    const excluded = new Set([c.subjectUserId, c.ownerUserId, ...heads.map((h) => h.id)]);
    return (await this.users.holders(c.schoolId, role))
      .filter((p) => !excluded.has(p.id))
      .map((p) => ({ userId: p.id, kind, schoolId: c.schoolId, caseId: null }));
  }

  toPeople(ids: string[], c: CaseRecord, kind: NotificationKind): Notice[] {
    return this.to(
      ids.map((id) => ({ id })),
      c,
      kind,
    );
  }

  private to(people: { id: string }[], c: CaseRecord, kind: NotificationKind): Notice[] {
    return (
      people
        // Nobody hears of a case about themself; nor does a head of one the head is kept out of.
        .filter((p) => p.id !== c.subjectUserId)
        .map((p) => ({ userId: p.id, kind, schoolId: c.schoolId, caseId: c.id }))
    );
  }
}
