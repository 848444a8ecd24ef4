export const ROLES = [
  'staff',
  'headteacher',
  'dsl',
  'chair_of_governors',
  'governor',
  'hr',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see case content or manage people: a password alone is not enough for them. */
export const SECOND_FACTOR_ROLES: readonly Role[] = [
  'headteacher',
  'dsl',
  'chair_of_governors',
  'hr',
  'admin',
];
