import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { EntityManager, IsNull, Not } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { TotpCredential } from './second-factor.entities.js';

const SEAL_PURPOSE = 'totp-secret';
const ISSUER = 'School case tracker';

/** Authenticator apps (RFC 6238: SHA-1, 6 digits, 30 s), through otplib. */
@Injectable()
export class TotpService {
  constructor(
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** A new key for the person to add to their app; it is not a factor until confirmed. */
  async begin(
    em: EntityManager,
    userId: string,
    email: string,
  ): Promise<{ secret: string; uri: string }> {
    const repo = em.getRepository(TotpCredential);
    // Only one set-up in progress at a time: an earlier unconfirmed key stops being offered.
    await repo.update(
      { userId, confirmedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    const secret = generateSecret();
    await repo.insert({
      id: randomUUID(),
      userId,
      secret: this.box.seal(SEAL_PURPOSE, secret),
      createdAt: this.clock.now(),
      confirmedAt: null,
      lastTimeStep: null,
      revokedAt: null,
    });
    return { secret, uri: generateURI({ issuer: ISSUER, label: email, secret }) };
  }

  /** The key being set up, to show again after a mistyped code. */
  async pending(
    em: EntityManager,
    userId: string,
    email: string,
  ): Promise<{ secret: string; uri: string } | null> {
    const pending = await em.getRepository(TotpCredential).findOne({
      where: { userId, confirmedAt: IsNull(), revokedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
    if (!pending) return null;
    const secret = this.box.open(SEAL_PURPOSE, pending.secret);
    return { secret, uri: generateURI({ issuer: ISSUER, label: email, secret }) };
  }

  /** Confirms the pending key with a code from the app; an app set up earlier is replaced. */
  async confirm(em: EntityManager, userId: string, code: string): Promise<boolean> {
    const repo = em.getRepository(TotpCredential);
    const pending = await repo.findOne({
      where: { userId, confirmedAt: IsNull(), revokedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
    if (!pending || !(await this.accept(em, pending, code))) return false;
    const now = this.clock.now();
    await repo.update(
      { userId, confirmedAt: Not(IsNull()), revokedAt: IsNull() },
      { revokedAt: now },
    );
    await repo.update({ id: pending.id }, { confirmedAt: now });
    return true;
  }

  async isEnrolled(em: EntityManager, userId: string): Promise<boolean> {
    return em
      .getRepository(TotpCredential)
      .exists({ where: { userId, confirmedAt: Not(IsNull()), revokedAt: IsNull() } });
  }

  /** Checks a code against the person's confirmed app; each code is accepted once. */
  async verify(em: EntityManager, userId: string, code: string): Promise<boolean> {
    const credential = await em.getRepository(TotpCredential).findOne({
      where: { userId, confirmedAt: Not(IsNull()), revokedAt: IsNull() },
    });
    return credential ? this.accept(em, credential, code) : false;
  }

  async revoke(em: EntityManager, userId: string): Promise<void> {
    await em
      .getRepository(TotpCredential)
      .update({ userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  private async accept(
    em: EntityManager,
    credential: TotpCredential,
    code: string,
  ): Promise<boolean> {
    const token = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(token)) return false;
    const result = await verify({
      secret: this.box.open(SEAL_PURPOSE, credential.secret),
      token,
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      // One step either side: phone clocks drift, and a code typed at the end of its 30 s.
      epochTolerance: 30,
      ...(credential.lastTimeStep !== null ? { afterTimeStep: credential.lastTimeStep } : {}),
    });
    if (!result.valid || !('timeStep' in result)) return false;
    // Conditional on the step read, so two requests with one code cannot both pass.
    const claimed = await em
      .getRepository(TotpCredential)
      .createQueryBuilder()
      .update()
      .set({ lastTimeStep: result.timeStep })
      .where('id = :id', { id: credential.id })
      .andWhere(
        credential.lastTimeStep === null ? '"lastTimeStep" IS NULL' : '"lastTimeStep" = :last',
        {
          last: credential.lastTimeStep,
        },
      )
      .execute();
    return claimed.affected === 1;
  }
}
