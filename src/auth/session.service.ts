import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { DatabaseVersion } from '../common/database/database-version.js';
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

/** A session row and the actor it gave, as read at one database version. */
interface Resolved {
  version: string;
  session: Session;
  actor: Actor | null;
}

@Injectable()
export class SessionService {
  /**
   * Every request resolves its token: two queries and the person's memberships. While the
   * database is unchanged (DatabaseVersion: any write, a sign-out or a role change included,
   * changes it) they would read the same rows, so the rows are reused; the time checks below
   * still run on every request.
   */
  private readonly resolved = new LRUCache<string, Resolved>({ max: 10_000 });

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly version: DatabaseVersion,
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
    const tokenHash = hashToken(token);
    const version = this.version.current();
    const known = version === null ? undefined : this.resolved.get(tokenHash);
    const reused = known?.version === version ? known : undefined;
    const session =
      reused?.session ??
      (await this.dataSource.getRepository(Session).findOne({ where: { tokenHash } }));
    const now = this.clock.now();
    if (!session || session.revokedAt || session.expiresAt <= now) return null;
    const lastSeen = session.lastSeenAt ?? session.createdAt;
    if (now.getTime() - lastSeen.getTime() > this.config.sessionIdleMs) return null;
    if (now.getTime() - lastSeen.getTime() > TOUCH_EVERY_MS) {
      // A write: the version moves, so nothing read before it is reused after. Bookkeeping: a
      // last-seen time lost in a power cut only brings the idle limit a minute nearer, and a
      // request should not wait for the disk to be told who it is.
      await this.transactions.runBookkeeping((em) =>
        em.getRepository(Session).update({ id: session.id }, { lastSeenAt: now }),
      );
      return this.users.actorFor(session.userId, session.id, session.pendingEnrolment);
    }
    if (reused) return reused.actor;
    const actor = await this.users.actorFor(session.userId, session.id, session.pendingEnrolment);
    if (version !== null) this.resolved.set(tokenHash, { version, session, actor });
    return actor;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
