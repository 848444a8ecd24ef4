import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { UsersService } from '../users/users.service.js';
import { Session } from './session.entity.js';

/** A session lasts one school day and a bit; signing in again is cheap, a stolen token is not. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

@Injectable()
export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** Returns the raw token once; only its hash is kept. */
  async open(em: EntityManager, userId: string): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session = Object.assign(new Session(), {
      id: randomUUID(),
      userId,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      revokedAt: null,
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

  /** The actor behind a token, or null if it is unknown, revoked, expired or disabled. */
  async resolve(token: string): Promise<Actor | null> {
    if (token.length > 200) return null;
    const session = await this.dataSource
      .getRepository(Session)
      .findOne({ where: { tokenHash: hashToken(token) } });
    if (!session || session.revokedAt || session.expiresAt <= this.clock.now()) return null;
    return this.users.actorFor(session.userId, session.id);
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
