import type { Role } from '../common/role.js';

/** Everyone but admin: admins run the school's set-up and see no case content. */
export const CASE_READER_ROLES: [Role, ...Role[]] = [
  'staff',
  'headteacher',
  'chair_of_governors',
  'governor',
  'hr',
];
