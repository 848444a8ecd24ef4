import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimiterRes, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { PERSON_LIMIT, type PersonLimit } from '../../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../../common/decorators/current-actor.decorator.js';
import { TooManyRequestsException } from '../../common/errors/domain.exception.js';
import { AppConfig } from '../../config/app-config.js';
import { RateLimiterFactory } from './rate-limiter.factory.js';

/**
 * Per-person limits on the costly things one signed-in person can ask for: a report writes
 * files and mails people; a PDF occupies a Chromium page. Far above what a person does by hand,
 * low enough that a stolen session or a runaway script cannot flood the school.
 */
function personLimits(
  config: AppConfig,
): Record<PersonLimit, { points: number; durationSeconds: number; what: string }> {
  return {
    report_filing: {
      points: config.reportsPerHour,
      durationSeconds: 60 * 60,
      what: 'reports filed',
    },
    pdf_render: {
      points: config.pdfsPerTenMinutes,
      durationSeconds: 10 * 60,
      what: 'PDFs produced',
    },
  };
}

@Injectable()
export class PersonLimitsService {
  private readonly limiters = new Map<PersonLimit, RateLimiterStoreAbstract>();
  private readonly rules: ReturnType<typeof personLimits>;

  constructor(factory: RateLimiterFactory, config: AppConfig) {
    this.rules = personLimits(config);
    for (const [name, rule] of Object.entries(this.rules) as [
      PersonLimit,
      (typeof this.rules)[PersonLimit],
    ][]) {
      this.limiters.set(
        name,
        factory.create({
          name: `person_${name}`,
          points: rule.points,
          durationSeconds: rule.durationSeconds,
        }),
      );
    }
  }

  async consume(limit: PersonLimit, userId: string): Promise<void> {
    try {
      await this.limiters.get(limit)!.consume(userId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const rule = this.rules[limit];
      throw new TooManyRequestsException(
        'RATE_LIMITED',
        `Too many ${rule.what} in a short time; try again later`,
        Math.ceil(Math.max(rejection.msBeforeNext, 1000) / 1000),
      );
    }
  }
}

/** Global guard, after the access guard: applies @LimitPerPerson to the signed-in caller. */
@Injectable()
export class PersonLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: PersonLimitsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.reflector.get<PersonLimit | undefined>(PERSON_LIMIT, context.getHandler());
    if (!limit) return true;
    const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
    if (actor) await this.limits.consume(limit, actor.userId);
    return true;
  }
}
