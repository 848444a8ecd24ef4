import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { RecoveryCode } from './second-factor.entities.js';

export const RECOVERY_CODE_COUNT = 10;

/** Ten one-time codes for a lost phone or key, shown once; only their hashes are kept. */
@Injectable()
export class RecoveryCodesService {
  constructor(private readonly clock: Clock) {}

  /** A new set; any earlier set stops working. */
  async issue(em: EntityManager, userId: string): Promise<string[]> {
    const repo = em.getRepository(RecoveryCode);
    const now = this.clock.now();
    await repo.update({ userId, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now });
    // 50 random bits each, in groups a person can copy without confusing 0 and O.
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
      randomBytes(10).toString('hex').slice(0, 15).match(/.{5}/g)!.join('-'),
    );
    await repo.insert(
      codes.map((code) => ({
        id: randomUUID(),
        userId,
        codeHash: hashCode(code),
        createdAt: now,
        usedAt: null,
        revokedAt: null,
      })),
    );
    return codes;
  }

  async remaining(em: EntityManager, userId: string): Promise<number> {
    return em
      .getRepository(RecoveryCode)
      .count({ where: { userId, usedAt: IsNull(), revokedAt: IsNull() } });
  }

  /** Spends one code: true once, then never again. */
  async spend(em: EntityManager, userId: string, code: string): Promise<boolean> {
    const normalised = code.trim().toLowerCase();
    if (!/^[0-9a-f]{5}-[0-9a-f]{5}-[0-9a-f]{5}$/.test(normalised)) return false;
    const result = await em
      .getRepository(RecoveryCode)
      .update(
        { userId, codeHash: hashCode(normalised), usedAt: IsNull(), revokedAt: IsNull() },
        { usedAt: this.clock.now() },
      );
    return result.affected === 1;
  }
}

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
