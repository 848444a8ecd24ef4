import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponse, MeResponse } from './dto/me.response.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './session.service.js';

/** One message for every bad pair: it must not tell an attacker which half was wrong. */
export const BAD_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  async login(dto: LoginDto, address: string): Promise<LoginResponse> {
    const email = dto.email.trim().toLowerCase();
    if (await this.throttle.isBlocked(email, address)) {
      throw new DomainException(
        429,
        'AUTH_THROTTLED',
        'Too many failed sign-in attempts; try again later',
      );
    }
    const user = await this.users.findCredentials(email);
    // Always run one argon2 verification, so an unknown email takes as long as a wrong password.
    const valid = await this.hasher.verify(user?.passwordHash ?? null, dto.password);
    if (!user || !valid) {
      await this.transactions.run(async (em) => {
        await this.throttle.recordFailure(em, email, address);
        await this.audit.append(em, {
          actorId: null,
          action: 'auth.login_failed',
          targetType: user ? 'user' : null,
          targetId: user?.id ?? null,
        });
      });
      throw new DomainException(401, 'AUTH_INVALID_CREDENTIALS', BAD_CREDENTIALS);
    }
    const { token, session } = await this.transactions.run(async (em) => {
      await this.throttle.clearAccount(em, email);
      const opened = await this.sessions.open(em, user.id);
      await this.audit.append(em, {
        actorId: user.id,
        action: 'auth.login',
        targetType: 'session',
        targetId: opened.session.id,
      });
      return opened;
    });
    const actor = await this.users.actorFor(user.id, session.id);
    return { accessToken: token, user: toMe(actor!) };
  }

  async logout(actor: Actor): Promise<void> {
    await this.transactions.run(async (em) => {
      await this.sessions.revoke(em, actor.sessionId);
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'auth.logout',
        targetType: 'session',
        targetId: actor.sessionId,
      });
    });
  }

  me(actor: Actor): MeResponse {
    return toMe(actor);
  }
}

function toMe(actor: Actor): MeResponse {
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    memberships: actor.memberships.map((m) => ({
      schoolId: m.schoolId,
      schoolCode: m.schoolCode,
      role: m.role,
    })),
  };
}
