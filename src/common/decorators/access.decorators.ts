import { SetMetadata } from '@nestjs/common';
import type { Role } from '../role.js';

export const IS_PUBLIC = 'access:public';
export const REQUIRED_ROLES = 'access:roles';

/** Any signed-in person, whatever roles they hold (e.g. `me`, logout). */
export const ANY_SIGNED_IN = 'any_signed_in';
export type RoleRequirement = Role | typeof ANY_SIGNED_IN;

/** Open to anyone, signed in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Signed-in callers holding at least one of these roles in at least one school. Whether the
 * caller may touch a particular record is decided by the service, which answers 404 if not.
 */
export const Roles = (...roles: [RoleRequirement, ...RoleRequirement[]]) =>
  SetMetadata(REQUIRED_ROLES, roles);
