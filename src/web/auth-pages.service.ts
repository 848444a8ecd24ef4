import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import { LoginDto } from '../auth/dto/login.dto.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException, TooManyRequestsException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { homeFor, PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';
import { SessionService } from '../auth/session.service.js';

@Injectable()
export class AuthPagesService {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly pages: PageContext,
  ) {}

  loginPage(req: RequestWithActor, error: string | null = null, email = '') {
    return {
      ...this.pages.base(req, 'Sign in'),
      email,
      error,
      next: safeNext(req.query.next),
    };
  }

  async login(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    const email = typeof body.email === 'string' ? body.email : '';
    try {
      const dto = await validateDto(LoginDto, {
        email,
        password: typeof body.password === 'string' ? body.password : '',
      });
      const result = await this.auth.login(dto, req.ip ?? '');
      const actor = await this.sessions.resolve(result.accessToken);
      const next = safeNext(body.next);
      return { redirect: next || homeFor(actor!), session: { set: result.accessToken } };
    } catch (error) {
      if (!(error instanceof DomainException) || error.status >= 500) throw error;
      const message =
        error instanceof TooManyRequestsException
          ? `Too many attempts. Wait ${minutes(error.retryAfterSeconds)}, then try again.`
          : 'The email address or password is not right.';
      return {
        view: 'web/login',
        model: this.loginPage(req, message, email),
        status: error.status,
      };
    }
  }

  async logout(req: RequestWithActor): Promise<PageResult> {
    await this.auth.logout(req.actor!);
    return { redirect: '/login?done=signed_out', session: { clear: true } };
  }
}

/** Only a local path: a link in a phishing mail must not bounce a signed-in user elsewhere. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-/?=&.%]*$/.test(value) ? value : '';
}

function minutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return m === 1 ? '1 minute' : `${m} minutes`;
}
