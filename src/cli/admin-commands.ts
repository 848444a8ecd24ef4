import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.service.js';
import { SessionService } from '../auth/session.service.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { NATIONS, type Nation } from '../common/nation.js';
import { MODEL_POLICY_CLAUSES } from '../schools/model-policy.js';
import { SchoolsService } from '../schools/schools.service.js';
import { ROLES, type Role } from '../common/role.js';
import { UsersService } from '../users/users.service.js';

export class CliError extends Error {}

export { MIN_PASSWORD_LENGTH };

/** Administration of an install without demo data. Every change is audited (actor: the CLI). */
@Injectable()
export class AdminCommands {
  constructor(
    private readonly schools: SchoolsService,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  async createSchool(code: string, name: string, nation = 'england'): Promise<string> {
    if (!/^[A-Z]{2,8}$/i.test(code)) throw new CliError('--code must be 2 to 8 letters, e.g. OAK');
    if (!name.trim()) throw new CliError('--name is required');
    if (!isNation(nation)) throw new CliError('--nation must be england or wales');
    if (await this.schools.findByCode(code))
      throw new CliError(`School ${code.toUpperCase()} already exists`);
    const school = await this.transactions.run(async (em) => {
      const created = await this.schools.create(em, code, name, nation);
      await this.schools.publishPolicy(em, created.id, MODEL_POLICY_CLAUSES, null, null);
      await this.audit.append(em, {
        actorId: null,
        action: 'cli.school_created',
        targetType: 'school',
        targetId: created.id,
        schoolId: created.id,
      });
      return created;
    });
    return `Created school ${school.code} (${school.id}) with the model policy catalogue`;
  }

  async createUser(
    email: string,
    name: string,
    schoolCode: string,
    role: string,
    password: string,
  ): Promise<string> {
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new CliError('--email must be an email address');
    if (!name.trim()) throw new CliError('--name is required');
    const school = await this.requireSchool(schoolCode);
    const checkedRole = requireRole(role);
    requirePassword(password);
    if (await this.users.findByEmail(email)) {
      throw new CliError(`A user with that email already exists; use "grant" to add a role`);
    }
    const passwordHash = await this.hasher.hash(password);
    const user = await this.transactions.run(async (em) => {
      const created = await this.users.create(em, { email, name, passwordHash });
      await this.users.grant(em, created.id, school.id, checkedRole);
      await this.audit.append(em, {
        actorId: null,
        action: 'cli.user_created',
        targetType: 'user',
        targetId: created.id,
        schoolId: school.id,
        detail: { role: checkedRole },
      });
      return created;
    });
    return `Created user ${user.id} as ${checkedRole} at ${school.code}`;
  }

  async grant(email: string, schoolCode: string, role: string): Promise<string> {
    const user = await this.requireUser(email);
    const school = await this.requireSchool(schoolCode);
    const checkedRole = requireRole(role);
    const added = await this.transactions.run(async (em) => {
      const granted = await this.users.grant(em, user.id, school.id, checkedRole);
      if (granted) {
        await this.audit.append(em, {
          actorId: null,
          action: 'cli.role_granted',
          targetType: 'user',
          targetId: user.id,
          schoolId: school.id,
          detail: { role: checkedRole },
        });
      }
      return granted;
    });
    return added
      ? `Granted ${checkedRole} at ${school.code}`
      : `Already ${checkedRole} at ${school.code}`;
  }

  /** A reset also ends every open session of that person. */
  async resetPassword(email: string, password: string): Promise<string> {
    const user = await this.requireUser(email);
    requirePassword(password);
    const passwordHash = await this.hasher.hash(password);
    await this.transactions.run(async (em) => {
      await this.users.setPasswordHash(em, user.id, passwordHash);
      await this.sessions.revokeAllFor(em, user.id);
      await this.audit.append(em, {
        actorId: null,
        action: 'cli.password_reset',
        targetType: 'user',
        targetId: user.id,
      });
    });
    return `Password reset for user ${user.id}; their sessions were ended`;
  }

  async auditAnchor(): Promise<string> {
    const head = await this.audit.head();
    return JSON.stringify(head ?? { seq: 0, hash: null });
  }

  private async requireSchool(code: string) {
    const school = await this.schools.findByCode(code ?? '');
    if (!school) throw new CliError(`No school with code ${code}`);
    return school;
  }

  private async requireUser(email: string) {
    const user = await this.users.findByEmail(email ?? '');
    if (!user) throw new CliError('No user with that email');
    return user;
  }
}

function requireRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new CliError(`--role must be one of: ${ROLES.join(', ')}`);
  }
  return role as Role;
}

function requirePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(
      `The password (read from standard input) must be at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
}

function isNation(value: string): value is Nation {
  return (NATIONS as readonly string[]).includes(value);
}
