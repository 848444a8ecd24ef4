import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AppConfig } from '../config/app-config.js';
import { UsersService } from '../users/users.service.js';
import { Session, SignInMethod } from './session.entity.js';

/** A session lasts one school day and a bit; signing in again is cheap, a stolen token is not. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** How stale lastSeenAt may get before a request writes it again (one write a minute at most). */
const TOUCH_EVERY_MS = 60 * 1000;

export interface OpenSession {
  method: SignInMethod;
  /** The person must enrol a second factor before anything else. */
  pendingEnrolment?: boolean;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Returns the raw token once; only its hash is kept. */
  async open(
    em: EntityManager,
    userId: string,
    how: OpenSession = { method: 'password' },
  ): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session = Object.assign(new Session(), {
      id: randomUUID(),
      userId,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      revokedAt: null,
      lastSeenAt: now,
      method: how.method,
      pendingEnrolment: how.pendingEnrolment ?? false,
    });
    await em.getRepository(Session).insert(session);
    return { token, session };
  }

  async revoke(em: EntityManager, sessionId: string): Promise<void> {
    await em
      .getRepository(Session)
      .update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  async revokeAllFor(em: EntityManager, userId: string): Promise<void> {
    await em
      .getRepository(Session)
      .update({ userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  /** Enrolment done: the same session now reaches what the person's roles allow. */
  async completeEnrolment(em: EntityManager, sessionId: string): Promise<void> {
    await em
      .getRepository(Session)
      .update({ id: sessionId }, { pendingEnrolment: false, method: 'password+2fa' });
  }

  /** The actor behind a token, or null if it is unknown, revoked, expired, idle or disabled. */
  async resolve(token: string): Promise<Actor | null> {
    if (token.length > 200) return null;
    const session = await this.dataSource
      .getRepository(Session)
      .findOne({ where: { tokenHash: hashToken(token) } });
    const now = this.clock.now();
    if (!session || session.revokedAt || session.expiresAt <= now) return null;
    const lastSeen = session.lastSeenAt ?? session.createdAt;
    if (now.getTime() - lastSeen.getTime() > this.config.sessionIdleMs) return null;
    if (now.getTime() - lastSeen.getTime() > TOUCH_EVERY_MS) {
      await this.transactions.run((em) =>
        em.getRepository(Session).update({ id: session.id }, { lastSeenAt: now }),
      );
    }
    return this.users.actorFor(session.userId, session.id, session.pendingEnrolment);
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
