import { Injectable, OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id behind a small adapter, so the cost is set in one place. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Verified against when the email is unknown, so both answers cost the same time. */
  private decoy = '';

  async onModuleInit(): Promise<void> {
    this.decoy = await this.hash(`decoy-${Date.now()}-${Math.random()}`);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    // No account, or an account with no password yet: the decoy costs the same time.
    const real = hash !== null && hash.startsWith('$argon2');
    try {
      const ok = await argon2.verify(real ? hash : this.decoy, password);
      return real && ok;
    } catch {
      return false;
    }
  }
}
