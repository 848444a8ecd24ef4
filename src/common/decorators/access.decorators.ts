import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../users/role.js';

export const IS_PUBLIC = 'access:public';
export const REQUIRED_ROLES = 'access:roles';

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
 */
export const Roles = (...roles: [RoleRequirement, ...RoleRequirement[]]) =>
  SetMetadata(REQUIRED_ROLES, roles);

/** The costly things one person may ask for only so often (limits: auth/throttle/person-limits). */
export type PersonLimit = 'report_filing' | 'pdf_render';
export const PERSON_LIMIT = 'access:person-limit';

/** Counts each call of this route against the caller's own limit (429 with Retry-After past it). */
export const LimitPerPerson = (limit: PersonLimit) => SetMetadata(PERSON_LIMIT, limit);
