import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SessionService } from './session.service.js';
import {
  ANY_SIGNED_IN,
  DURING_ENROLMENT,
  IS_PUBLIC,
  REQUIRED_ROLES,
  RoleRequirement,
} from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';

export const SESSION_COOKIE = 'sid';

/**
 * The one global guard. Deny by default: a route that declares neither @Public nor @Roles is
 * refused (and a spec fails the build before such a route can ship).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const roles = this.reflector.getAllAndOverride<RoleRequirement[]>(REQUIRED_ROLES, targets);
    const request = context.switchToHttp().getRequest<RequestWithActor>();

    const token = tokenFrom(request);
    request.actor = token ? ((await this.sessions.resolve(token)) ?? undefined) : undefined;

    if (isPublic) return true;
    if (!roles || roles.length === 0) {
      this.logger.error(
        `Route without an access declaration refused: ${context.getHandler().name}`,
      );
      throw new DomainException(403, 'ROUTE_NOT_DECLARED', 'Forbidden');
    }
    if (!request.actor) throw new DomainException(401, 'AUTH_REQUIRED', 'Not signed in');
    if (
      request.actor.enrolmentPending &&
      !this.reflector.getAllAndOverride<boolean>(DURING_ENROLMENT, targets)
    ) {
      throw new DomainException(
        403,
        'AUTH_SECOND_FACTOR_ENROLMENT_REQUIRED',
        'Set up a second factor (an authenticator app or a passkey) before anything else',
      );
    }
    if (roles.includes(ANY_SIGNED_IN)) return true;
    if (!request.actor.holdsAny(roles.filter((r) => r !== ANY_SIGNED_IN))) {
      throw new DomainException(403, 'ROLE_FORBIDDEN', 'Your role does not allow this');
    }
    return true;
  }
}

/** The API sends a Bearer header; the pages rely on the httpOnly session cookie. */
function tokenFrom(request: RequestWithActor): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  const cookies = request.cookies as Record<string, string> | undefined;
  return cookies?.[SESSION_COOKIE] || null;
}
