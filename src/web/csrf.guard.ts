import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { CsrfService, PRE_SESSION_COOKIE } from './csrf.service.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { SESSION_COOKIE } from '../auth/access.guard.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that rides on the session cookie without proof that it came
 * from our own page: the form's `_csrf` field (or `?_csrf=` for multipart forms, whose body is
 * streamed later), or the `X-CSRF-Token` header for scripts. Bearer-token API calls carry no
 * ambient credential, so they need none. Runs after the access guard has found the actor.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    if (SAFE_METHODS.has(req.method)) return true;
    if (req.headers.authorization?.startsWith('Bearer ')) return true;
    const cookies = (req.cookies ?? {}) as Record<string, string>;
    const isApi = req.path.startsWith('/api/');
    if (isApi && !cookies[SESSION_COOKIE]) return true;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token =
      req.headers['x-csrf-token'] ?? body._csrf ?? (req.query as Record<string, unknown>)._csrf;
    const binding = {
      sessionId: req.actor?.sessionId ?? null,
      preSession: req.actor ? null : (cookies[PRE_SESSION_COOKIE] ?? null),
    };
    if (!this.csrf.matches(token, binding)) {
      throw new DomainException(
        403,
        'CSRF_REJECTED',
        'This form has expired or did not come from this site. Go back, reload the page and try again.',
      );
    }
    // The token is not part of any form's data.
    if (typeof body === 'object' && body !== null) delete body._csrf;
    return true;
  }
}
