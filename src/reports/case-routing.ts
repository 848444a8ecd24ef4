import type { OwnerRole } from '../cases/workflow/index.js';
import type { PersonSummary } from '../users/users.service.js';

export interface RoutingInput {
  subjectUserId: string | null;
  subjectName: string | null;
}

export interface RoutingDecision<P extends PersonSummary = PersonSummary> {
  ownerRole: OwnerRole;
  /** Everyone holding the owner role in the school; the first is recorded as the owner. */
  owners: P[];
  headIsSubject: boolean;
}

/** Words that name the head by role rather than by name. */
const HEAD_BY_ROLE =
  /\b(head ?teacher|head ?master|head ?mistress|head of school|executive head|principal|the head)\b/i;

/**
 * DOMAIN.md §4: a report goes to the headteacher, except when the head is its subject (a linked
 * account holding the head role, the head's name, or the role named instead of a person): then
 * to the chair of governors, so the head never sees it. A school missing the owner account
 * still gets the report (owners is empty and the caller warns the school's admin).
 */
export function routeReport<P extends PersonSummary>(
  input: RoutingInput,
  heads: P[],
  chairs: P[],
): RoutingDecision<P> {
  const name = normalise(input.subjectName);
  const headIsSubject =
    (input.subjectUserId !== null && heads.some((h) => h.id === input.subjectUserId)) ||
    (name !== '' && heads.some((h) => normalise(h.name) === name)) ||
    (input.subjectName !== null && HEAD_BY_ROLE.test(input.subjectName));
  return headIsSubject
    ? { ownerRole: 'chair_of_governors', owners: chairs, headIsSubject }
    : { ownerRole: 'headteacher', owners: heads, headIsSubject };
}

function normalise(name: string | null): string {
  return (name ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\b(mr|mrs|ms|miss|dr|mx)\.?\s+/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
