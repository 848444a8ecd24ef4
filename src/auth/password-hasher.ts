import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import argon2 from 'argon2';

export interface PasswordHashCost {
  timeCost: number;
  memoryCost: number;
  parallelism: number;
}

/** argon2's own defaults (3 passes over 64 MiB, 4 lanes), named so the one place is visible. */
export const PASSWORD_HASH_COST: PasswordHashCost = {
  timeCost: 3,
  memoryCost: 65536,
  parallelism: 4,
};

/** The injection token for the cost; only the test support overrides it (test/support). */
export const PASSWORD_HASH_COST_TOKEN = Symbol('PasswordHashCost');

/** argon2id behind a small adapter, so the cost is set in one place. */
@Injectable()
export class PasswordHasher implements OnApplicationBootstrap {
  /** Verified against when the email is unknown, so both answers cost the same time. */
  private decoy?: Promise<string>;

  constructor(@Inject(PASSWORD_HASH_COST_TOKEN) private readonly cost: PasswordHashCost) {}

  /**
   * Made in the background as the app starts, not awaited: a hash at full cost is a few hundred
   * milliseconds of start-up otherwise, and nothing before the first sign-in needs it.
   */
  onApplicationBootstrap(): void {
    void this.decoyHash().catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.cost });
  }

  /** A hash carries its own cost, so verifying takes whatever cost the hash was made with. */
  async verify(hash: string | null, password: string): Promise<boolean> {
    // No account, or an account with no password yet: the decoy costs the same time.
    const real = hash !== null && hash.startsWith('$argon2');
    try {
      const ok = await argon2.verify(real ? hash : await this.decoyHash(), password);
      return real && ok;
    } catch {
      return false;
    }
  }

  private decoyHash(): Promise<string> {
    // A failed attempt is not kept: the next unknown email would answer at once, which tells.
    this.decoy ??= this.hash(`decoy-${Date.now()}-${Math.random()}`).catch((error: unknown) => {
      this.decoy = undefined;
      throw error;
    });
    return this.decoy;
  }
}
