import type { Role } from '../common/role.js';

/** Everyone but admin: admins run the school's set-up and see no case content. */
export const CASE_READER_ROLES: [Role, ...Role[]] = [
  'staff',
  'headteacher',
  'dsl',
  'chair_of_governors',
  'governor',
  'hr',
];

/** Roles whose holders may own a case (a governor when the chair names them). */
export const CASE_OWNER_ROLES: [Role, ...Role[]] = [
  'headteacher',
  'dsl',
  'chair_of_governors',
  'governor',
];

/** Owners, HR and panel members (governors): everyone who may move a case. */
export const CASE_ACTOR_ROLES: [Role, ...Role[]] = [...CASE_OWNER_ROLES, 'hr'];
