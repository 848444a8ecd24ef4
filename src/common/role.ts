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
