import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { DEFAULT_LANGUAGE, isLanguage } from '../common/language.js';
import { School } from '../schools/school.entity.js';
import { Membership } from './membership.entity.js';
import type { Role } from '../common/role.js';
import { User } from './user.entity.js';

/**
 * The hash of an account with no password yet (invited, or signing in through the school's
 * provider): not an argon2 string, so no password ever verifies against it.
 */
export const NO_PASSWORD = '!';

/** A person as a school's admin sees them: never a password hash, only whether there is one. */
export interface SchoolPerson {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  active: boolean;
  hasPassword: boolean;
}

export interface PersonSummary {
  id: string;
  name: string;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The only read that returns a password hash; used by sign-in alone. */
  async findCredentials(email: string): Promise<Pick<User, 'id' | 'passwordHash'> | null> {
    const user = await this.dataSource.getRepository(User).findOne({
      where: { email: email.toLowerCase() },
      select: { id: true, passwordHash: true, disabledAt: true },
    });
    return user && !user.disabledAt ? user : null;
  }

  /** One query: the person and every school role they hold (none is a valid answer). */
  async actorFor(
    userId: string,
    sessionId: string,
    enrolmentPending = false,
  ): Promise<Actor | null> {
    const rows = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoin(Membership, 'm', 'm.userId = u.id')
      .leftJoin(School, 's', 's.id = m.schoolId')
      .select(['u.email AS "email"', 'u.name AS "name"', 'u.disabledAt AS "disabledAt"'])
      .addSelect(['u.language AS "language"', 's.language AS "schoolLanguage"'])
      .addSelect(['m.schoolId AS "schoolId"', 's.code AS "schoolCode"', 'm.role AS "role"'])
      .where('u.id = :userId', { userId })
      .orderBy('s.code', 'ASC')
      .addOrderBy('m.role', 'ASC')
      .getRawMany<{
        email: string;
        name: string;
        disabledAt: unknown;
        language: string | null;
        schoolLanguage: string | null;
        schoolId: string | null;
        schoolCode: string | null;
        role: Role | null;
      }>();
    if (rows.length === 0 || rows[0].disabledAt) return null;
    const memberships = rows
      .filter((r) => r.schoolId !== null)
      .map((r) => ({ schoolId: r.schoolId!, schoolCode: r.schoolCode!, role: r.role! }));
    // A person's own choice; else their first school's default (a person in two schools with
    // different defaults chooses for themselves on their account page).
    const language = [rows[0].language, ...rows.map((r) => r.schoolLanguage)].find(isLanguage);
    return new Actor(
      userId,
      rows[0].email,
      rows[0].name,
      sessionId,
      memberships,
      enrolmentPending,
      language ?? DEFAULT_LANGUAGE,
    );
  }

  async findById(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOne({ where: { id } });
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOne({ where: { email: email.toLowerCase() } });
  }

  async create(
    em: EntityManager,
    input: { email: string; name: string; passwordHash: string },
  ): Promise<User> {
    const user = Object.assign(new User(), {
      id: randomUUID(),
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      passwordHash: input.passwordHash,
      createdAt: this.clock.now(),
      disabledAt: null,
    });
    await em.getRepository(User).insert(user);
    return user;
  }

  /** Idempotent: granting a role someone already holds changes nothing. */
  async grant(em: EntityManager, userId: string, schoolId: string, role: Role): Promise<boolean> {
    const repo = em.getRepository(Membership);
    if (await repo.exists({ where: { userId, schoolId, role } })) return false;
    await repo.insert({ id: randomUUID(), userId, schoolId, role, createdAt: this.clock.now() });
    return true;
  }

  /** Removes one role; the person's account, cases and history stay. */
  async revoke(em: EntityManager, userId: string, schoolId: string, role: Role): Promise<void> {
    await em.getRepository(Membership).delete({ userId, schoolId, role });
  }

  /** A leaver's account stops signing in; nothing they did or were named in is touched. */
  async setDisabled(em: EntityManager, userId: string, at: Date | null): Promise<void> {
    await em.getRepository(User).update({ id: userId }, { disabledAt: at });
  }

  /** The schools where a person holds any role. */
  async schoolsOf(userId: string, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await em
      .getRepository(Membership)
      .createQueryBuilder('m')
      .select('DISTINCT m.schoolId', 'schoolId')
      .where('m.userId = :userId', { userId })
      .getRawMany<{ schoolId: string }>();
    return rows.map((r) => r.schoolId);
  }

  /** Accounts by (lower-case) email, in one query per thousand addresses. */
  async findManyByEmail(
    emails: string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, User>> {
    const found = new Map<string, User>();
    for (let i = 0; i < emails.length; i += 1000) {
      const batch = emails.slice(i, i + 1000);
      if (batch.length === 0) continue;
      for (const user of await em.getRepository(User).find({ where: { email: In(batch) } })) {
        found.set(user.email, user);
      }
    }
    return found;
  }

  /** Every role held in a school, as "userId:role" keys. */
  async rolesIn(
    schoolId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    const rows = await em
      .getRepository(Membership)
      .find({ where: { schoolId }, select: { userId: true, role: true } });
    return new Set(rows.map((r) => `${r.userId}:${r.role}`));
  }

  /** The school's people for its admin: who, roles, and whether they can still sign in. */
  async peopleOf(schoolId: string): Promise<SchoolPerson[]> {
    const rows = await this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .select(['u.id AS "id"', 'u.name AS "name"', 'u.email AS "email"', 'm.role AS "role"'])
      .addSelect(['u.disabledAt AS "disabledAt"', 'u.passwordHash AS "passwordHash"'])
      .where('m.schoolId = :schoolId', { schoolId })
      .orderBy('u.name', 'ASC')
      .addOrderBy('u.email', 'ASC')
      .addOrderBy('m.role', 'ASC')
      .getRawMany<{
        id: string;
        name: string;
        email: string;
        role: Role;
        disabledAt: unknown;
        passwordHash: string;
      }>();
    const people = new Map<string, SchoolPerson>();
    for (const r of rows) {
      const person = people.get(r.id) ?? {
        id: r.id,
        name: r.name,
        email: r.email,
        roles: [],
        active: !r.disabledAt,
        hasPassword: r.passwordHash !== NO_PASSWORD,
      };
      person.roles.push(r.role);
      people.set(r.id, person);
    }
    return [...people.values()];
  }

  async setPasswordHash(em: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await em.getRepository(User).update({ id: userId }, { passwordHash });
  }

  /** Holders of a role in a school, oldest membership first (the routing rules pick from these). */
  async holders(schoolId: string, role: Role): Promise<PersonSummary[]> {
    return this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .select(['u.id AS "id"', 'u.name AS "name"'])
      .where('m.schoolId = :schoolId AND m.role = :role', { schoolId, role })
      .andWhere('u.disabledAt IS NULL')
      .orderBy('m.createdAt', 'ASC')
      .getRawMany<PersonSummary>();
  }

  /** Everyone with a role in a school, for the admin's list: names, emails and roles only. */
  async membersOf(
    schoolId: string,
  ): Promise<{ id: string; name: string; email: string; role: Role }[]> {
    return this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .select(['u.id AS "id"', 'u.name AS "name"', 'u.email AS "email"', 'm.role AS "role"'])
      .where('m.schoolId = :schoolId', { schoolId })
      .orderBy('u.name', 'ASC')
      .addOrderBy('m.role', 'ASC')
      .getRawMany();
  }

  /** The roles an active person holds in a school; empty for a stranger or a disabled account. */
  async rolesOf(userId: string, schoolId: string): Promise<Role[]> {
    const rows = await this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .select('m.role', 'role')
      .where('m.userId = :userId AND m.schoolId = :schoolId', { userId, schoolId })
      .andWhere('u.disabledAt IS NULL')
      .getRawMany<{ role: Role }>();
    return rows.map((r) => r.role);
  }

  /** The school's active people, by name, for a picker: ids and names only. */
  async directory(schoolId: string): Promise<PersonSummary[]> {
    return this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .select(['u.id AS "id"', 'u.name AS "name"'])
      .distinct(true)
      .where('m.schoolId = :schoolId', { schoolId })
      .andWhere('u.disabledAt IS NULL')
      .orderBy('u.name', 'ASC')
      .getRawMany<PersonSummary>();
  }

  /** Whether an active person holds any of these roles at this school. */
  async holdsRoleAt(userId: string, schoolId: string, roles: readonly Role[]): Promise<boolean> {
    return this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .where('m.userId = :userId AND m.schoolId = :schoolId', { userId, schoolId })
      .andWhere('m.role IN (:...roles)', { roles: [...roles] })
      .andWhere('u.disabledAt IS NULL')
      .getExists();
  }

  async holdsAnyRole(userId: string, roles: readonly Role[]): Promise<boolean> {
    return this.dataSource
      .getRepository(Membership)
      .exists({ where: { userId, role: In([...roles]) } });
  }

  async isMember(userId: string, schoolId: string): Promise<boolean> {
    return this.dataSource.getRepository(Membership).exists({ where: { userId, schoolId } });
  }

  /**
   * Holders of several roles in one query, grouped by role (oldest membership first), with the
   * address their notices are mailed to.
   */
  async holdersByRole(
    schoolId: string,
    roles: Role[],
  ): Promise<Map<Role, (PersonSummary & { email: string })[]>> {
    const rows = await this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .select(['u.id AS "id"', 'u.name AS "name"', 'u.email AS "email"', 'm.role AS "role"'])
      .where('m.schoolId = :schoolId AND m.role IN (:...roles)', { schoolId, roles })
      .andWhere('u.disabledAt IS NULL')
      .orderBy('m.createdAt', 'ASC')
      .getRawMany<PersonSummary & { email: string; role: Role }>();
    const byRole = new Map<Role, (PersonSummary & { email: string })[]>(roles.map((r) => [r, []]));
    for (const { role, ...person } of rows) byRole.get(role)!.push(person);
    return byRole;
  }

  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const users = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .select(['u.id', 'u.name'])
      .where('u.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(users.map((u) => [u.id, u.name]));
  }
}
