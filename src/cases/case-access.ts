import type { Actor } from '../common/actor.js';
import type { Role } from '../common/role.js';
import type { WorkflowActor } from './workflow/index.js';

/**
 * How much of a case a person may see, highest first:
 * - `owner`: everything, the reporter's name included;
 * - `hr`: the same, once the case has been sent for HR advice, in a school they serve;
 * - `panel`: a sitting appeal panel member: the case they hear, but never a confidential
 *   reporter's name;
 * - `hearing`: the person named to hear its disciplinary hearing, from the hearing until the
 *   case closes: the same view as a panel's;
 * - `appointer`: whoever must appoint a panel (the chair, or the head when the chair is
 *   excluded), for an appeal or for a dismissal hearing the school's governors decide: the
 *   reference and state only, to appoint from;
 * - `reporter`: their own report;
 * - `board`: not the case at all, only its governors' summary once decided (a governor, or the
 *   chair, of the school).
 */
export type CaseAccess = 'owner' | 'hr' | 'panel' | 'hearing' | 'appointer' | 'reporter' | 'board';

export interface CaseRelation extends WorkflowActor {
  access: CaseAccess;
  isReporter: boolean;
  isAppointer: boolean;
  /** Named to hear the case's disciplinary hearing. */
  isHearingManager: boolean;
  /** A governor or the chair of the school, and the case is decided: its governors' summary. */
  mayReadBoardSummary: boolean;
}

export const DECIDED_STATUSES = ['outcome', 'appeal', 'closed'] as const;

/** The flags, in the order their access levels rank. */
const FLAGS = ['owner', 'hr', 'panel', 'hearing', 'appointer', 'reporter', 'board'] as const;
type Flag = (typeof FLAGS)[number];

const NO_SCHOOL = '00000000-0000-0000-0000-000000000000';

/**
 * The one definition of who may see a case, as SQL over `case_record c`, so the case list and
 * the single-case check are the same query (one with `c.id = :caseId` added). Identifiers are
 * quoted by hand: TypeORM does not rewrite the subqueries, and PostgreSQL folds unquoted case.
 *
 * Nobody sees a case about themself, and while the head is kept out of a case (it is, or may
 * be, about the head) nobody holding the head role in that school sees it either, through any
 * of the flags below. A case with no owner yet is owned by whoever holds its owner role.
 */
export class CaseAccessRule {
  readonly params: Record<string, unknown>;
  private readonly flags: Record<Flag, string>;

  constructor(actor: Actor) {
    const schools = (role: Role) => {
      const ids = actor.schoolsWhere(role);
      return ids.length > 0 ? ids : [NO_SCHOOL];
    };
    this.params = {
      accessMe: actor.userId,
      accessHeads: schools('headteacher'),
      accessDsls: schools('dsl'),
      accessChairs: schools('chair_of_governors'),
      accessHrs: schools('hr'),
      accessBoards: [...schools('governor'), ...schools('chair_of_governors')],
      // An admin's role gives no case content, so it never counts as a reason to see one.
      accessMemberSchools: [
        ...new Set(actor.memberships.filter((m) => m.role !== 'admin').map((m) => m.schoolId)),
        NO_SCHOOL,
      ],
      accessOwnerSchools: [
        ...schools('headteacher'),
        ...schools('dsl'),
        ...schools('chair_of_governors'),
        ...schools('governor'),
      ],
      accessDecided: [...DECIDED_STATUSES],
    };
    const included = `NOT (c."subjectUserId" IS NOT NULL AND c."subjectUserId" = :accessMe)
      AND NOT (c."headExcluded" = TRUE AND c."schoolId" IN (:...accessHeads))`;
    const holdsOwnerRole = `((c."ownerRole" = 'headteacher' AND c."schoolId" IN (:...accessHeads))
      OR (c."ownerRole" = 'dsl' AND c."schoolId" IN (:...accessDsls))
      OR (c."ownerRole" = 'chair_of_governors' AND c."schoolId" IN (:...accessChairs)))`;
    // An active person holding, at the case's school, a role that may own cases.
    const activeOwning = (who: string) =>
      `EXISTS (SELECT 1 FROM membership m INNER JOIN app_user u ON u."id" = m."userId"
        WHERE m."userId" = ${who} AND m."schoolId" = c."schoolId"
        AND m."role" IN ('headteacher', 'dsl', 'chair_of_governors', 'governor')
        AND u."disabledAt" IS NULL)`;
    // No owner named, or the one named has left (deactivated, or no longer holds an owning
    // role): then the case belongs to whoever holds its owner role, so a leaver's cases are
    // never left where nobody can see them.
    const unowned = `(c."ownerUserId" IS NULL OR NOT ${activeOwning('c."ownerUserId"')})`;
    // A governor-owned case is a named governor's alone: with them gone it falls back at once.
    const ownerRoleHeld = `c."ownerRole" <> 'governor' AND EXISTS (SELECT 1 FROM membership m INNER JOIN app_user u ON u."id" = m."userId"
      WHERE m."schoolId" = c."schoolId" AND m."role" = c."ownerRole" AND u."disabledAt" IS NULL
      AND (c."subjectUserId" IS NULL OR m."userId" <> c."subjectUserId"))`;
    // Nobody left in the owner role (the school's only DSL has gone): the head, or the chair
    // while the head is kept out.
    const fallbackOwner = `((c."headExcluded" = FALSE AND c."schoolId" IN (:...accessHeads))
      OR (c."headExcluded" = TRUE AND c."schoolId" IN (:...accessChairs)))`;
    const sittingPanel = `EXISTS (SELECT 1 FROM case_panel_member p
      WHERE p."caseId" = c."id" AND p."userId" = :accessMe AND p."endedAt" IS NULL)`;
    // A chair who is not the subject appoints; failing one, the head does.
    const chairCanAppoint = `EXISTS (SELECT 1 FROM membership m WHERE m."schoolId" = c."schoolId"
      AND m."role" = 'chair_of_governors' AND (c."subjectUserId" IS NULL OR m."userId" <> c."subjectUserId"))`;
    // An appeal's panel; or, where the school's rules say governors decide a dismissal, the
    // panel for the disciplinary hearing.
    const needsPanel = `(c."status" = 'appeal' OR (c."status" = 'hearing' AND EXISTS (
      SELECT 1 FROM school_settings s WHERE s."schoolId" = c."schoolId" AND s."dismissalByPanel" = TRUE)))`;
    const appointer = `${needsPanel} AND (c."schoolId" IN (:...accessChairs)
      OR (c."schoolId" IN (:...accessHeads) AND NOT ${chairCanAppoint}))`;
    const flag = (condition: string) => `(${included} AND ${condition})`;
    this.flags = {
      // The named owner, while they still hold a role that may own cases at the school (someone
      // moved to admin alone sees no case content); failing one, the owner role's holders.
      owner: flag(`((c."ownerUserId" = :accessMe AND c."schoolId" IN (:...accessOwnerSchools))
        OR (${unowned} AND (${holdsOwnerRole} OR (NOT (${ownerRoleHeld}) AND ${fallbackOwner}))))`),
      hr: flag(`c."hrReachedAt" IS NOT NULL AND c."schoolId" IN (:...accessHrs)`),
      // Appointed and sitting, and still a governor of the school.
      panel: flag(`${sittingPanel} AND c."schoolId" IN (:...accessBoards)`),
      hearing:
        flag(`c."hearingManagerId" = :accessMe AND c."status" IN ('hearing', 'outcome', 'appeal')
        AND c."schoolId" IN (:...accessMemberSchools)`),
      appointer: flag(appointer),
      reporter: flag(`c."reporterId" = :accessMe`),
      board: flag(`c."status" IN (:...accessDecided) AND c."schoolId" IN (:...accessBoards)`),
    };
  }

  /** SQL true when the caller may see the case at all (the governors' summary is not the case). */
  get visible(): string {
    return `(${FLAGS.filter((f) => f !== 'board')
      .map((f) => this.flags[f])
      .join(' OR ')})`;
  }

  /** SQL true when the caller may read the governors' summary of the case. */
  get boardSummary(): string {
    return this.flags.board;
  }

  /** SQL true when the caller owns the case or advises on it (may search its text). */
  get ownerOrHr(): string {
    return `(${this.flags.owner} OR ${this.flags.hr})`;
  }

  get owner(): string {
    return this.flags.owner;
  }

  get hr(): string {
    return this.flags.hr;
  }

  get panel(): string {
    return this.flags.panel;
  }

  get appointer(): string {
    return this.flags.appointer;
  }

  get reporter(): string {
    return this.flags.reporter;
  }

  /** Columns to select beside the case: one 0/1 per flag, read back by relationFrom(). */
  selections(): [string, string][] {
    return FLAGS.map((f) => [`CASE WHEN ${this.flags[f]} THEN 1 ELSE 0 END`, `access_${f}`]);
  }

  /** The caller's relation from a row carrying selections(); null when they have none. */
  static relationFrom(raw: Record<string, unknown>): CaseRelation | null {
    const has = (f: Flag) => Number(raw[`access_${f}`]) === 1;
    const access = FLAGS.find(has);
    if (!access) return null;
    return {
      access,
      isOwner: has('owner'),
      isHr: has('hr'),
      isPanelMember: has('panel'),
      isAppointer: has('appointer'),
      isHearingManager: has('hearing'),
      isReporter: has('reporter'),
      mayReadBoardSummary: has('board'),
    };
  }
}
