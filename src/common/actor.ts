import { DEFAULT_LANGUAGE, type Language } from './language.js';
import type { Role } from './role.js';

export interface ActorMembership {
  schoolId: string;
  schoolCode: string;
  role: Role;
}

/** Who is calling, as established by the access guard for this request. */
export class Actor {
  constructor(
    readonly userId: string,
    readonly email: string,
    readonly name: string,
    readonly sessionId: string,
    readonly memberships: readonly ActorMembership[],
    /**
     * Signed in with a password but still owes the second factor their role demands: such a
     * session reaches only the enrolment pages, never a case.
     */
    readonly enrolmentPending = false,
    /** The language their pages, mail and PDFs are in: their own choice, else their school's. */
    readonly language: Language = DEFAULT_LANGUAGE,
  ) {}

  hasRole(schoolId: string, role: Role): boolean {
    return this.memberships.some((m) => m.schoolId === schoolId && m.role === role);
  }

  rolesIn(schoolId: string): Role[] {
    return this.memberships.filter((m) => m.schoolId === schoolId).map((m) => m.role);
  }

  isMemberOf(schoolId: string): boolean {
    return this.memberships.some((m) => m.schoolId === schoolId);
  }

  schoolsWhere(role: Role): string[] {
    return this.memberships.filter((m) => m.role === role).map((m) => m.schoolId);
  }

  holdsAny(roles: readonly Role[]): boolean {
    return this.memberships.some((m) => roles.includes(m.role));
  }
}
