import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../../src/audit/audit.service.js';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { isUniqueViolation } from '../../src/common/database/unique-violation.js';
import { AppConfig } from '../../src/config/app-config.js';
import { MODEL_POLICY_CLAUSES } from '../../src/schools/model-policy.js';
import { SchoolsService } from '../../src/schools/schools.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { DEMO_ACCOUNTS, DEMO_SCHOOLS } from './demo-accounts.js';

/**
 * Creates the demo schools and accounts outside production, once: each item is created only
 * if missing, so restarts (and a second instance starting at the same time) change nothing.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly schools: SchoolsService,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.production) return;
    try {
      await this.seed();
    } catch (error) {
      // Another instance seeding at the same moment loses on a unique key; its work is done.
      if (!isUniqueViolation(error)) throw error;
      this.logger.warn('Demo data was being created by another instance; skipped here');
    }
  }

  async seed(): Promise<void> {
    const created = await this.transactions.run(async (em) => {
      let count = 0;
      const schoolIds = new Map<string, string>();
      for (const demo of DEMO_SCHOOLS) {
        let school = await this.schools.findByCode(demo.code);
        if (!school) {
          school = await this.schools.create(em, demo.code, demo.name, demo.nation);
          await this.schools.publishPolicy(em, school.id, MODEL_POLICY_CLAUSES, null, null);
          count++;
        }
        schoolIds.set(demo.code, school.id);
      }
      // One hash for every demo account: they share a password by definition.
      let passwordHash: string | null = null;
      for (const account of DEMO_ACCOUNTS) {
        let user = await this.users.findByEmail(account.email);
        if (!user) {
          passwordHash ??= await this.hasher.hash(this.config.demoPassword);
          user = await this.users.create(em, { ...account, passwordHash });
          count++;
        }
        for (const m of account.memberships) {
          if (await this.users.grant(em, user.id, schoolIds.get(m.schoolCode)!, m.role)) count++;
        }
      }
      if (count > 0) {
        await this.audit.append(em, {
          actorId: null,
          action: 'demo.seeded',
          detail: { items: count },
        });
      }
      return count;
    });
    if (created > 0) this.logger.log(`Demo data created (${created} items)`);
  }
}
