import type { Role } from '../common/role.js';

/** Role names as people read them on the pages. */
export const ROLE_LABEL: Record<Role, string> = {
  staff: 'Staff',
  headteacher: 'Headteacher',
  dsl: 'Designated safeguarding lead',
  chair_of_governors: 'Chair of governors',
  governor: 'Governor',
  hr: 'HR adviser',
  admin: 'Admin',
};
