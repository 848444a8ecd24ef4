import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { LoginThrottle } from './login-throttle.entity.js';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Enough for a few typos; far too few to guess a password. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Higher, because a school shares one public address behind its router. */
export const MAX_FAILURES_PER_ADDRESS = 30;

/** Counts failed sign-ins per account and per address in the database (shared by all instances). */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async isBlocked(email: string, address: string): Promise<boolean> {
    const repo = this.dataSource.getRepository(LoginThrottle);
    const [account, origin] = await Promise.all([
      repo.findOne({ where: { key: this.key('account', email) } }),
      repo.findOne({ where: { key: this.key('address', address) } }),
    ]);
    return (
      this.live(account) >= MAX_FAILURES_PER_ACCOUNT ||
      this.live(origin) >= MAX_FAILURES_PER_ADDRESS
    );
  }

  async recordFailure(em: EntityManager, email: string, address: string): Promise<void> {
    for (const key of [this.key('account', email), this.key('address', address)]) {
      const repo = em.getRepository(LoginThrottle);
      const row = await repo.findOne({ where: { key } });
      const now = this.clock.now();
      if (!row || this.live(row) === 0) {
        await repo.save({ key, windowStartedAt: now, failures: 1 });
      } else {
        await repo.update({ key }, { failures: row.failures + 1 });
      }
    }
  }

  async clearAccount(em: EntityManager, email: string): Promise<void> {
    await em.getRepository(LoginThrottle).delete({ key: this.key('account', email) });
  }

  private live(row: LoginThrottle | null): number {
    if (!row) return 0;
    const expired = this.clock.now().getTime() - row.windowStartedAt.getTime() > THROTTLE_WINDOW_MS;
    return expired ? 0 : row.failures;
  }

  /** Keyed HMAC: the table never holds an email address or an IP address in the clear. */
  private key(kind: 'account' | 'address', value: string): string {
    const mac = createHmac('sha256', this.config.secretKey)
      .update(`${kind}:${value}`)
      .digest('hex');
    return `${kind}:${mac}`;
  }
}
