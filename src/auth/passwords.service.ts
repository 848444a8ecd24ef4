import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { UsersService } from '../users/users.service.js';
import { AccountLinksService } from './account-links.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './session.service.js';
import { LoginThrottleService } from './throttle/login-throttle.service.js';
import { AuthTokensService } from './tokens/auth-tokens.service.js';

export const MIN_PASSWORD_LENGTH = 12;
export const RESET_REQUESTED =
  'If that address has an account, a link to reset its password is on its way.';

/** Choosing a password from an invitation or reset link, and asking for a reset. */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly tokens: AuthTokensService,
    private readonly links: AccountLinksService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * The same answer whether or not the address has an account (and whether or not this
   * request was over its limit, which sends nothing), so it tells nobody who has one.
   */
  async requestReset(email: string, address: string): Promise<{ message: string }> {
    const normalised = email.trim().toLowerCase();
    const user = await this.users.findByEmail(normalised);
    if ((await this.throttle.admitResetRequest(normalised, address)) && user && !user.disabledAt) {
      await this.transactions.run(async (em) => {
        await this.links.issue(em, user, 'password_reset');
        await this.audit.append(em, {
          actorId: null,
          action: 'auth.password_reset_requested',
          targetType: 'user',
          targetId: user.id,
        });
      });
    }
    return { message: RESET_REQUESTED };
  }

  /** Is this link still good? (For the page that asks for the new password.) */
  async linkIsLive(kind: 'invitation' | 'password_reset', token: unknown): Promise<boolean> {
    return (await this.tokens.peek(kind, token)) !== null;
  }

  /**
   * Sets the password from a link. The link is spent whatever happens next, once; every session
   * of the person ends, and their failed sign-ins are forgotten (the mailbox proved them).
   */
  async choose(
    kind: 'invitation' | 'password_reset',
    token: string,
    password: string,
  ): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new DomainException(400, 'AUTH_PASSWORD_TOO_SHORT', [
        `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
      ]);
    }
    const passwordHash = await this.hasher.hash(password);
    const userId = await this.transactions.run(async (em) => {
      const spent = await this.tokens.redeem(em, kind, token);
      if (!spent?.userId) return null;
      await this.users.setPasswordHash(em, spent.userId, passwordHash);
      await this.sessions.revokeAllFor(em, spent.userId);
      await this.audit.append(em, {
        actorId: spent.userId,
        action: kind === 'invitation' ? 'auth.invitation_accepted' : 'auth.password_reset',
        targetType: 'user',
        targetId: spent.userId,
      });
      return spent.userId;
    });
    if (!userId) {
      throw new DomainException(
        400,
        'AUTH_LINK_INVALID',
        'This link has been used or has expired. Ask for a new one.',
      );
    }
    const user = await this.users.findById(userId);
    if (user) await this.throttle.clearAccount(user.email);
  }
}
