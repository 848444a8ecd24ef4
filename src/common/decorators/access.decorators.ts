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

export const DURING_ENROLMENT = 'access:during-enrolment';

/**
 * Reachable by a session that still owes its second-factor enrolment (enrolment itself, who am
 * I, sign out). Every other route refuses such a session.
 */
export const DuringEnrolment = () => SetMetadata(DURING_ENROLMENT, true);

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
    // 403 even for ANY_SIGNED_IN: a session still owing its second factor is refused.
    ApiErrors(401, 403),
  );

/** The costly things one person may ask for only so often (limits: auth/throttle/person-limits). */
export type PersonLimit = 'report_filing' | 'pdf_render';
export const PERSON_LIMIT = 'access:person-limit';

/** Counts each call of this route against the caller's own limit (429 with Retry-After past it). */
export const LimitPerPerson = (limit: PersonLimit) =>
  applyDecorators(SetMetadata(PERSON_LIMIT, limit), ApiErrors(429));
