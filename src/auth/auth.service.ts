import { Injectable } from '@nestjs/common';
import { User } from '../users/user.entity.js';
import { LanguageChoiceDto } from './dto/language-choice.dto.js';
import { Actor } from '../common/actor.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponse, MeResponse } from './dto/me.response.js';
import { SecondFactorDto } from './dto/second-factor.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { SecondFactorService } from './second-factor/second-factor.service.js';
import { SessionService } from './session.service.js';
import { LoginThrottleService } from './throttle/login-throttle.service.js';
import { AuthTokensService } from './tokens/auth-tokens.service.js';

/** One message for every bad pair: it must not tell an attacker which half was wrong. */
export const BAD_CREDENTIALS = 'Invalid email or password';
/** How long a person has to type their code after their password was accepted. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly secondFactor: SecondFactorService,
    private readonly tokens: AuthTokensService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * Password sign-in. Answers `{ accessToken, user }`, or a 401 AUTH_SECOND_FACTOR_REQUIRED
   * carrying a challenge for `secondFactor()`; a senior person who has no second factor yet gets
   * a session that reaches only the enrolment pages (`secondFactorEnrolmentRequired`).
   */
  async login(dto: LoginDto, address: string): Promise<LoginResponse> {
    const email = dto.email.trim().toLowerCase();
    const user = await this.users.findCredentials(email);
    // Counted before the password is checked: a refused attempt never reaches argon2.
    await this.throttle.admit(email, address, async () =>
      user ? (await this.secondFactor.need(user.id)) === 'challenge' : false,
    );
    // Always run one argon2 verification, so an unknown email takes as long as a wrong password.
    const valid = await this.hasher.verify(user?.passwordHash ?? null, dto.password);
    if (!user || !valid) {
      await this.audit.record({
        actorId: null,
        action: 'auth.login_failed',
        targetType: user ? 'user' : null,
        targetId: user?.id ?? null,
      });
      throw new DomainException(401, 'AUTH_INVALID_CREDENTIALS', BAD_CREDENTIALS);
    }
    await this.throttle.passwordAccepted(email, address);
    const need = await this.secondFactor.need(user.id);
    if (need === 'challenge') {
      const [methods, issued] = await Promise.all([
        this.secondFactor.methods(user.id),
        this.transactions.run(async (em) => {
          const challenge = await this.tokens.issue(em, {
            userId: user.id,
            purpose: 'second_factor',
            ttlMs: CHALLENGE_TTL_MS,
          });
          await this.audit.append(em, {
            actorId: user.id,
            action: 'auth.second_factor_challenged',
            targetType: 'user',
            targetId: user.id,
          });
          return challenge;
        }),
      ]);
      const error = new DomainException(
        401,
        'AUTH_SECOND_FACTOR_REQUIRED',
        'Your password was right; now give a code from your authenticator app, a recovery code or your passkey',
      );
      error.extra = {
        challenge: {
          token: issued.token,
          methods,
          expiresAt: issued.row.expiresAt.toISOString(),
        },
      };
      throw error;
    }
    const result = await this.openSession(user.id, email, {
      method: 'password',
      pendingEnrolment: need === 'enrol',
    });
    return need === 'enrol' ? { ...result, secondFactorEnrolmentRequired: true } : result;
  }

  /** The second step: a code, a recovery code or a passkey answer for a live challenge. */
  async completeSecondFactor(dto: SecondFactorDto): Promise<LoginResponse> {
    const challenge = await this.tokens.peek('second_factor', dto.challengeToken);
    if (!challenge?.userId) {
      throw new DomainException(
        401,
        'AUTH_CHALLENGE_EXPIRED',
        'This sign-in has expired; sign in with your password again',
      );
    }
    const userId = challenge.userId;
    await this.throttle.admitSecondFactor(userId);
    const passed = await this.transactions.run(async (em) => {
      const ok = await this.secondFactor.verify(em, userId, {
        code: dto.code,
        recoveryCode: dto.recoveryCode,
        passkey: dto.passkey,
      });
      // Spent only by a good proof: a typo leaves the challenge for another try (the throttle
      // above bounds how many).
      return ok && (await this.tokens.redeem(em, 'second_factor', dto.challengeToken)) !== null;
    });
    if (!passed) {
      await this.audit.record({
        actorId: null,
        action: 'auth.second_factor_failed',
        targetType: 'user',
        targetId: userId,
      });
      throw new DomainException(
        401,
        'AUTH_SECOND_FACTOR_INVALID',
        'That code or passkey was not accepted',
      );
    }
    await this.throttle.secondFactorAccepted(userId);
    const email = (await this.users.findById(userId))?.email ?? '';
    return this.openSession(userId, email, {
      method: 'password+2fa',
      detail: { method: dto.passkey ? 'passkey' : dto.recoveryCode ? 'recovery_code' : 'totp' },
    });
  }

  /** What a live challenge may be answered with (none once it has expired). */
  async challengeMethods(challengeToken: string): Promise<string[]> {
    const challenge = await this.tokens.peek('second_factor', challengeToken);
    return challenge?.userId ? this.secondFactor.methods(challenge.userId) : [];
  }

  /** WebAuthn options for answering a challenge with a passkey. */
  async passkeyChallengeOptions(challengeToken: string) {
    const challenge = await this.tokens.peek('second_factor', challengeToken);
    const options = challenge?.userId
      ? await this.secondFactor.passkeyAuthenticationOptions(challenge.userId)
      : null;
    if (!options) {
      throw new DomainException(
        401,
        'AUTH_CHALLENGE_EXPIRED',
        'This sign-in has expired; sign in with your password again',
      );
    }
    return options;
  }

  /** Opens a session for someone whose identity is settled (password, second factor or SSO). */
  async openSession(
    userId: string,
    email: string,
    how: {
      method: 'password' | 'password+2fa' | 'sso';
      pendingEnrolment?: boolean;
      detail?: Record<string, unknown>;
    },
  ): Promise<LoginResponse> {
    const { token, session } = await this.transactions.run(async (em) => {
      const opened = await this.sessions.open(em, userId, how);
      await this.audit.append(em, {
        actorId: userId,
        action: 'auth.login',
        targetType: 'session',
        targetId: opened.session.id,
        detail: { method: how.method, ...how.detail },
      });
      return opened;
    });
    await this.throttle.clearAccount(email);
    const actor = await this.users.actorFor(userId, session.id, session.pendingEnrolment);
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

  /** A person's own language for pages, mail and PDFs; "school" follows the school's default. */
  async chooseLanguage(actor: Actor, dto: LanguageChoiceDto): Promise<MeResponse> {
    const language = dto.language === 'school' ? null : dto.language;
    await this.transactions.run(async (em) => {
      await em.getRepository(User).update({ id: actor.userId }, { language });
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'user.language_chosen',
        targetType: 'user',
        targetId: actor.userId,
        detail: { language: dto.language },
      });
    });
    const updated = await this.users.actorFor(
      actor.userId,
      actor.sessionId,
      actor.enrolmentPending,
    );
    return toMe(updated ?? actor);
  }
}

function toMe(actor: Actor): MeResponse {
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    language: actor.language,
    memberships: actor.memberships.map((m) => ({
      schoolId: m.schoolId,
      schoolCode: m.schoolCode,
      role: m.role,
    })),
  };
}
