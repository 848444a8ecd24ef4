import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Brackets, DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { JobQueue } from '../platform/queue/job-queue.js';
import { Session } from './session.entity.js';
import { RateLimiterFactory } from './throttle/rate-limiter.factory.js';
import { AuthTokensService } from './tokens/auth-tokens.service.js';

/** How long an ended session is kept: long enough to tell "signed out" from "never signed in". */
const ENDED_SESSION_GRACE_MS = 24 * 60 * 60 * 1000;

export interface PruneCounts {
  sessions: number;
  throttleRows: number;
}

/**
 * Sign-in leaves rows behind: sessions that expired or were revoked, sign-in counters whose
 * window closed, single-use tokens past their expiry (DOMAIN.md §8, issue 15 item 6). The job
 * queue runs this hourly, once across all instances; nothing it removes is read again (what
 * happened is in the audit log, which is never pruned).
 */
@Injectable()
export class SignInPruningService implements OnModuleInit {
  private readonly logger = new Logger(SignInPruningService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly limiters: RateLimiterFactory,
    private readonly tokens: AuthTokensService,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.queue.schedule('auth.prune-sign-in-rows', { everyMinutes: 60 }, async () => {
      const counts = await this.runOnce();
      this.logger.log(`pruned ${counts.sessions} sessions, ${counts.throttleRows} throttle rows`);
    });
  }

  async runOnce(): Promise<PruneCounts> {
    const now = this.clock.now();
    // Instants are ISO text, so text order is time order (common/database/columns.ts).
    const cutoff = new Date(now.getTime() - ENDED_SESSION_GRACE_MS).toISOString();
    const sessions = await this.transactions.run((em) =>
      em
        .getRepository(Session)
        .createQueryBuilder()
        .delete()
        .where(
          new Brackets((w) =>
            w
              .where('"expiresAt" < :cutoff', { cutoff })
              .orWhere('"revokedAt" IS NOT NULL AND "revokedAt" < :cutoff', { cutoff }),
          ),
        )
        .execute(),
    );
    const before = await this.throttleRows();
    // Failed sign-ins are counted in rate_limit (what each attempt was is in the audit log).
    await this.limiters.sweep(now.getTime());
    await this.tokens.sweep();
    return {
      sessions: sessions.affected ?? 0,
      throttleRows: Math.max(0, before - (await this.throttleRows())),
    };
  }

  private async throttleRows(): Promise<number> {
    const [{ n }] = (await this.dataSource.query('SELECT COUNT(*) AS n FROM "rate_limit"')) as {
      n: number | string;
    }[];
    return Number(n);
  }
}
