import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Role } from '../role.js';
import { ApiErrors } from './api-docs.decorators.js';

export const IS_PUBLIC = 'access:public';
export const REQUIRED_ROLES = 'access:roles';

/** The OpenAPI security schemes, named as `app.openapi.ts` declares them. */
export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';
export const CSRF_SCHEME = 'csrf';

/** Any signed-in person, whatever roles they hold (e.g. `me`, logout). */
export const ANY_SIGNED_IN = 'any_signed_in';
export type RoleRequirement = Role | typeof ANY_SIGNED_IN;

/** Open to anyone, signed in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Signed-in callers holding at least one of these roles in at least one school. Whether the
 * caller may touch a particular record is decided by the service, which answers 404 if not.
 * The same declaration documents the route, so its OpenAPI security and its 401/403 answers
 * cannot drift from what the guard enforces: a bearer token, or the session cookie.
 */
export const Roles = (...roles: [RoleRequirement, ...RoleRequirement[]]) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiSecurity(BEARER_SCHEME),
    ApiSecurity(SESSION_SCHEME),
    // Holding any role is enough for ANY_SIGNED_IN; a CSRF refusal (403) is added per method.
    roles.every((r) => r === ANY_SIGNED_IN) ? ApiErrors(401) : ApiErrors(401, 403),
  );
