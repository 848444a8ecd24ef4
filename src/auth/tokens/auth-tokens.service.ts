import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { TransactionRunner } from '../../common/database/transaction-runner.js';
import { hashToken } from '../session.service.js';
import { AuthToken, AuthTokenPurpose } from './auth-token.entity.js';

export interface IssuedToken {
  token: string;
  row: AuthToken;
}

/** Issues and redeems single-use tokens; a token is spent by one conditional UPDATE. */
@Injectable()
export class AuthTokensService {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * Tokens a day past their expiry are of no use to anyone (what happened with them is in the
   * audit log): removed, so abandoned sign-ins do not pile up. SignInPruningService runs it
   * through the job queue, once across all instances.
   */
  async sweep(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - 24 * 60 * 60 * 1000);
    // Instants are ISO text, so text order is time order (common/database/columns.ts).
    await this.transactions.run((em) =>
      em
        .getRepository(AuthToken)
        .createQueryBuilder()
        .delete()
        .where('"expiresAt" < :before', { before: before.toISOString() })
        .execute(),
    );
  }

  async issue(
    em: EntityManager,
    input: { userId: string | null; purpose: AuthTokenPurpose; ttlMs: number; payload?: unknown },
  ): Promise<IssuedToken> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const row = Object.assign(new AuthToken(), {
      id: randomUUID(),
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      payload: input.payload === undefined ? null : JSON.stringify(input.payload),
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.ttlMs),
      usedAt: null,
    });
    await em.getRepository(AuthToken).insert(row);
    return { token, row };
  }

  /** The live (unspent, unexpired) token of this purpose, without spending it. */
  async peek(
    purpose: AuthTokenPurpose,
    token: unknown,
    em: EntityManager = this.dataSource.manager,
  ): Promise<AuthToken | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    const row = await em.getRepository(AuthToken).findOne({
      where: { tokenHash: hashToken(token), purpose, usedAt: IsNull() },
    });
    return row && row.expiresAt > this.clock.now() ? row : null;
  }

  /**
   * Spends the token: exactly one caller wins, however many present it at once. Returns the row
   * as it was, or null when it is unknown, spent, expired or of another purpose.
   */
  async redeem(
    em: EntityManager,
    purpose: AuthTokenPurpose,
    token: unknown,
  ): Promise<AuthToken | null> {
    const row = await this.peek(purpose, token, em);
    if (!row) return null;
    const result = await em
      .getRepository(AuthToken)
      .update({ id: row.id, usedAt: IsNull() }, { usedAt: this.clock.now() });
    return result.affected === 1 ? row : null;
  }

  /** Earlier live tokens of a kind for a person stop working when a new one is sent. */
  async spendAll(em: EntityManager, userId: string, purpose: AuthTokenPurpose): Promise<void> {
    await em
      .getRepository(AuthToken)
      .update({ userId, purpose, usedAt: IsNull() }, { usedAt: this.clock.now() });
  }
}
