import { Injectable } from '@nestjs/common';
import { AccountLinksService } from '../auth/account-links.service.js';
import { SessionService } from '../auth/session.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { SchoolSignInService } from '../schools/school-sign-in.service.js';
import type { Role } from '../common/role.js';
import { NO_PASSWORD, UsersService } from '../users/users.service.js';
import { AddPersonDto, SchoolPersonResponse } from './dto/people.dto.js';

/**
 * Roles a school's admin gives from the People page. HR advisers serve several schools and are
 * linked from the command line (`npm run cli -- grant`), never by one school's admin.
 */
export const ADMIN_GRANTABLE: readonly Role[] = [
  'staff',
  'headteacher',
  'dsl',
  'chair_of_governors',
  'governor',
  'admin',
];

/** The admin's people: list, add, change roles, deactivate and reactivate. Every change is audited. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
    private readonly links: AccountLinksService,
    private readonly signIn: SchoolSignInService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, schoolId: string): Promise<SchoolPersonResponse[]> {
    requireAdmin(actor, schoolId);
    return this.users.peopleOf(schoolId);
  }

  async add(actor: Actor, schoolId: string, dto: AddPersonDto): Promise<SchoolPersonResponse> {
    requireAdmin(actor, schoolId);
    const roles = grantable(dto.roles);
    const email = dto.email.trim().toLowerCase();
    const existing = await this.users.findByEmail(email);
    if (existing && (await this.users.isMember(existing.id, schoolId))) {
      throw new DomainException(409, 'PEOPLE_ALREADY_HERE', [
        'email belongs to someone already at this school; change their roles instead',
      ]);
    }
    const invites = !existing && !(await this.signIn.usesProvider(schoolId));
    const userId = await this.transactions.run(async (em) => {
      const user =
        existing ??
        (await this.users.create(em, { email, name: dto.name, passwordHash: NO_PASSWORD }));
      for (const role of roles) await this.users.grant(em, user.id, schoolId, role);
      await this.audit.append(em, {
        actorId: actor.userId,
        action: existing ? 'people.roles_added' : 'people.added',
        targetType: 'user',
        targetId: user.id,
        schoolId,
        detail: { roles },
      });
      // The invitation is mailed by the job queue once this commits.
      if (invites) await this.links.issue(em, user, 'invitation');
      return user.id;
    });
    return this.person(schoolId, userId);
  }

  /** Sets exactly these roles at this school (an HR role stays as it is). */
  async setRoles(
    actor: Actor,
    schoolId: string,
    userId: string,
    wanted: Role[],
  ): Promise<SchoolPersonResponse> {
    requireAdmin(actor, schoolId);
    const roles = grantable(wanted);
    const current = await this.person(schoolId, userId);
    if (userId === actor.userId && !roles.includes('admin')) {
      throw new DomainException(409, 'PEOPLE_OWN_ADMIN_ROLE', [
        'You cannot remove your own admin role; ask another admin',
      ]);
    }
    const added = roles.filter((r) => !current.roles.includes(r));
    const removed = current.roles.filter((r) => r !== 'hr' && !roles.includes(r));
    if (added.length === 0 && removed.length === 0) return current;
    await this.transactions.run(async (em) => {
      for (const role of added) await this.users.grant(em, userId, schoolId, role);
      for (const role of removed) await this.users.revoke(em, userId, schoolId, role);
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'people.roles_changed',
        targetType: 'user',
        targetId: userId,
        schoolId,
        detail: { added, removed },
      });
    });
    return this.person(schoolId, userId);
  }

  /**
   * A leaver: their account stops signing in and every session ends at once. Their cases, and
   * their place as reporter or subject, stay as they are.
   */
  async deactivate(actor: Actor, schoolId: string, userId: string): Promise<SchoolPersonResponse> {
    requireAdmin(actor, schoolId);
    await this.person(schoolId, userId);
    if (userId === actor.userId) {
      throw new DomainException(409, 'PEOPLE_SELF', ['You cannot deactivate yourself']);
    }
    const elsewhere = (await this.users.schoolsOf(userId)).filter(
      (s) => !actor.hasRole(s, 'admin'),
    );
    if (elsewhere.length > 0) {
      throw new DomainException(409, 'PEOPLE_ELSEWHERE', [
        'This person also holds roles at another school; remove their roles here instead',
      ]);
    }
    await this.transactions.run(async (em) => {
      await this.users.setDisabled(em, userId, this.clock.now());
      await this.sessions.revokeAllFor(em, userId);
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'people.deactivated',
        targetType: 'user',
        targetId: userId,
        schoolId,
      });
    });
    return this.person(schoolId, userId);
  }

  async reactivate(actor: Actor, schoolId: string, userId: string): Promise<SchoolPersonResponse> {
    requireAdmin(actor, schoolId);
    await this.person(schoolId, userId);
    await this.transactions.run(async (em) => {
      await this.users.setDisabled(em, userId, null);
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'people.reactivated',
        targetType: 'user',
        targetId: userId,
        schoolId,
      });
    });
    return this.person(schoolId, userId);
  }

  /** A person of this school, or the same 404 as for someone who does not exist. */
  private async person(schoolId: string, userId: string): Promise<SchoolPersonResponse> {
    const found = (await this.users.peopleOf(schoolId)).find((p) => p.id === userId);
    if (!found) throw new NotFoundDomainException('Person');
    return found;
  }
}

export function requireAdmin(actor: Actor, schoolId: string): void {
  if (!actor.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
}

function grantable(roles: Role[]): Role[] {
  const refused = roles.filter((r) => !ADMIN_GRANTABLE.includes(r));
  if (refused.length > 0) {
    throw new DomainException(403, 'PEOPLE_ROLE_NOT_GRANTABLE', [
      `roles ${refused.join(', ')} cannot be given here (HR advisers are linked with npm run cli -- grant)`,
    ]);
  }
  return [...new Set(roles)];
}
