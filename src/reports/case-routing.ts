import type { AboutHeadteacher, SubjectRelationship } from '../cases/case.constants.js';
import type { OwnerRole, ReferenceLine } from '../cases/workflow/index.js';
import type { PersonSummary } from '../users/users.service.js';

export interface RoutingInput {
  /** The reporter's answer to "Is this about the headteacher?". */
  aboutHeadteacher: AboutHeadteacher;
  subjectRelationship: SubjectRelationship;
  /** The subject's account, when the reporter picked one of the school's people. */
  subjectUserId: string | null;
}

/** The holders of the roles that may own a case, oldest membership first. */
export interface SchoolOwners<P extends PersonSummary = PersonSummary> {
  heads: P[];
  dsls: P[];
  chairs: P[];
}

export interface RoutingDecision<P extends PersonSummary = PersonSummary> {
  ownerRole: OwnerRole;
  /** Null when nobody holds the role: the case is kept and the school's admin is warned. */
  owner: P | null;
  /** The head is (or may be) the subject: nobody holding the head role sees the case. */
  headExcluded: boolean;
  /** The reference series the case is numbered in (see CaseWriter.allocateReference). */
  line: ReferenceLine;
}

/**
 * DOMAIN.md §4, from the reporter's answers and linked accounts only. Nothing is read from the
 * words of a name: "deputy head", "head of Year 6" or "Mrs Carter (our head)" decide nothing.
 * - about the head (answered yes or not sure, or the linked account holds the head role): the
 *   chair, and the head is kept out; "not sure" stays so until the chair hands the case on;
 * - about a pupil: the designated safeguarding lead, or the head when the school has none;
 * - otherwise: the head; with no head, the chair; with neither, nobody yet.
 * Nobody is made owner of a report about themself.
 */
export function routeReport<P extends PersonSummary>(
  input: RoutingInput,
  people: SchoolOwners<P>,
): RoutingDecision<P> {
  const notSubject = (p: P) => p.id !== input.subjectUserId;
  const subjectIsHead =
    input.subjectUserId !== null && people.heads.some((h) => h.id === input.subjectUserId);
  if (input.aboutHeadteacher !== 'no' || subjectIsHead) {
    return {
      ownerRole: 'chair_of_governors',
      owner: people.chairs.find(notSubject) ?? null,
      headExcluded: true,
      line: 'chair',
    };
  }
  const dsl = input.subjectRelationship === 'pupil' ? people.dsls.find(notSubject) : undefined;
  if (dsl) return { ownerRole: 'dsl', owner: dsl, headExcluded: false, line: 'dsl' };
  const head = people.heads.find(notSubject);
  if (head) return { ownerRole: 'headteacher', owner: head, headExcluded: false, line: 'head' };
  const chair = people.chairs.find(notSubject);
  if (chair)
    return { ownerRole: 'chair_of_governors', owner: chair, headExcluded: false, line: 'chair' };
  return { ownerRole: 'headteacher', owner: null, headExcluded: false, line: 'head' };
}
