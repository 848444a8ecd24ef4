import { Injectable } from '@nestjs/common';
import type { Notice } from '../notifications/notifications.service.js';
import type { NotificationKind } from '../notifications/notification.entity.js';
import type { Role } from '../common/role.js';
import { UsersService } from '../users/users.service.js';
import type { CaseRecord } from './case.entity.js';
import { type SchoolRules, SchoolRulesService } from './school-rules.service.js';
import { CLOCK_LABEL, CLOCK_WITHIN, clockWithinWords, runningClocks } from './workflow/index.js';

/** The roles that may own a case (an admin alone sees no case content). */
const OWNING_ROLES: Role[] = ['headteacher', 'dsl', 'chair_of_governors', 'governor'];

/** Works out who should hear of a change to a case. */
@Injectable()
export class CaseNotices {
  constructor(
    private readonly users: UsersService,
    private readonly rules: SchoolRulesService,
  ) {}

  /**
   * The clock the owner must act on next, if one is running (DOMAIN.md §6), for the mail to say
   * ("needs action within 1 working day"): fixed words and a date, never case content.
   */
  async ownerClock(c: CaseRecord, known?: SchoolRules): Promise<Notice['deadline']> {
    const rules = known ?? (await this.rules.rulesFor(c.schoolId));
    const clock = runningClocks(
      c,
      this.rules.calendarFor(rules),
      rules.appealWindowWorkingDays,
    ).find((k) => k.holder === 'owner' && !k.window);
    return clock
      ? {
          label: CLOCK_LABEL[clock.kind],
          dueAt: clock.dueAt,
          within: CLOCK_WITHIN[clock.kind],
          withinWords: clockWithinWords(clock.kind),
          clock: clock.kind,
        }
      : undefined;
  }

  /**
   * The owner; while a case has none, or its owner has left, whoever holds its owner role (it is
   * theirs to take), and with nobody in that role the head (the chair while the head is kept
   * out). The same fallback as the access rule's, so whoever is told can open the case.
   */
  async toOwners(c: CaseRecord, kind: NotificationKind): Promise<Notice[]> {
    const deadline = await this.ownerClock(c);
    const told = (notices: Notice[]) =>
      deadline ? notices.map((n) => ({ ...n, deadline })) : notices;
    if (c.ownerUserId && (await this.users.holdsRoleAt(c.ownerUserId, c.schoolId, OWNING_ROLES)))
      return told(this.to([{ id: c.ownerUserId }], c, kind));
    const inRole =
      c.ownerRole === 'governor'
        ? []
        : (await this.users.holders(c.schoolId, c.ownerRole)).filter(
            (p) => p.id !== c.subjectUserId,
          );
    if (inRole.length > 0) return told(this.to(inRole, c, kind));
    const fallback = c.headExcluded ? 'chair_of_governors' : 'headteacher';
    return told(this.to(await this.users.holders(c.schoolId, fallback), c, kind));
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
