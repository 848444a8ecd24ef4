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
    try {
      const ok = await argon2.verify(hash ?? this.decoy, password);
      return hash !== null && ok;
    } catch {
      return false;
    }
  }
}
