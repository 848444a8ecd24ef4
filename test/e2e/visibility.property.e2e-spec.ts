import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { CaseEvent } from '../../src/cases/case-event.entity.js';
import { CasePanelMember } from '../../src/cases/case-panel-member.entity.js';
import { CaseRecord, UNDECIDED } from '../../src/cases/case.entity.js';
import { CasesService } from '../../src/cases/cases.service.js';
import { CASE_STATUSES, type CaseStatus, type OwnerRole } from '../../src/cases/workflow/index.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { MODEL_POLICY_CLAUSES } from '../../src/schools/model-policy.js';
import { SchoolsService } from '../../src/schools/schools.service.js';
import { Membership } from '../../src/users/membership.entity.js';
import type { Role } from '../../src/common/role.js';
import { User } from '../../src/users/user.entity.js';
import { UsersService } from '../../src/users/users.service.js';
import { onPostgres } from '../support/test-database.js';
import { createTestApp, TestApp } from '../support/test-app.js';

/**
 * Generated schools, people and cases (owner kinds, subjects, confidentiality, hand-overs, panels)
 * and every person as a caller. The expected answer comes from the rules of DOMAIN.md §1 and §4
 * written out plainly below, not from the SQL the app runs.
 */

const ROLES: Role[] = [
  'staff',
  'headteacher',
  'dsl',
  'chair_of_governors',
  'governor',
  'hr',
  'admin',
];
const OWNER_ROLES: OwnerRole[] = ['headteacher', 'dsl', 'chair_of_governors', 'governor'];

interface WorldPerson {
  memberships: { school: number; role: Role }[];
}
interface WorldCase {
  school: number;
  reporter: number;
  subject: number | null;
  owner: number | null;
  ownerRole: OwnerRole;
  headExcluded: boolean;
  status: CaseStatus;
  hrReached: boolean;
  confidential: boolean;
  panel: { person: number; sitting: boolean }[];
  hearingManager: number | null;
}
interface World {
  schools: number;
  people: WorldPerson[];
  cases: WorldCase[];
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    schools: fc.integer({ min: 1, max: 2 }),
    people: fc.array(
      fc.record({
        memberships: fc.uniqueArray(
          fc.record({ school: fc.integer({ min: 0, max: 1 }), role: fc.constantFrom(...ROLES) }),
          { minLength: 1, maxLength: 3, selector: (m) => `${m.school}:${m.role}` },
        ),
      }),
      { minLength: 2, maxLength: 7 },
    ),
  })
  .chain(({ schools, people }) => {
    // With one school, memberships drawn for a second one fold into the first (once each).
    const fixed = people.map((p) => ({
      memberships: [
        ...new Map(
          p.memberships.map((m) => [
            `${m.school % schools}:${m.role}`,
            { ...m, school: m.school % schools },
          ]),
        ).values(),
      ],
    }));
    const person = fc.integer({ min: 0, max: fixed.length - 1 });
    const caseArb: fc.Arbitrary<WorldCase> = fc.record({
      school: fc.integer({ min: 0, max: schools - 1 }),
      reporter: person,
      subject: fc.option(person, { nil: null }),
      owner: fc.option(person, { nil: null }),
      ownerRole: fc.constantFrom(...OWNER_ROLES),
      headExcluded: fc.boolean(),
      status: fc.constantFrom(...CASE_STATUSES),
      hrReached: fc.boolean(),
      confidential: fc.boolean(),
      panel: fc.array(fc.record({ person, sitting: fc.boolean() }), { maxLength: 2 }),
      hearingManager: fc.option(person, { nil: null }),
    });
    return fc.record({
      schools: fc.constant(schools),
      people: fc.constant(fixed),
      cases: fc.array(caseArb, { minLength: 1, maxLength: 6 }),
    });
  });

type Level = 'owner' | 'hr' | 'panel' | 'hearing' | 'appointer' | 'reporter';

/** DOMAIN.md §1 and §4, read as a person would, for one caller and one case. */
function expectedAccess(w: World, caller: number, c: WorldCase): Level | null {
  const holds = (who: number, role: Role) =>
    w.people[who].memberships.some((m) => m.school === c.school && m.role === role);
  // Nobody sees a case about themself; no head sees a case the head is kept out of.
  if (c.subject === caller) return null;
  if (c.headExcluded && holds(caller, 'headteacher')) return null;
  // The named owner while they hold a role that may own a case; no one named (or the one named
  // has left): the role's holders; nobody in that role: the head, or the chair if it is kept out.
  const namedActive = c.owner !== null && OWNER_ROLES.some((role) => holds(c.owner!, role));
  const roleHeld =
    c.ownerRole !== 'governor' && w.people.some((_, i) => i !== c.subject && holds(i, c.ownerRole));
  const fallback = c.headExcluded ? 'chair_of_governors' : 'headteacher';
  const isOwner =
    (c.owner === caller && namedActive) ||
    (!namedActive &&
      ((c.ownerRole !== 'governor' && holds(caller, c.ownerRole)) ||
        (!roleHeld && holds(caller, fallback))));
  if (isOwner) return 'owner';
  if (c.hrReached && holds(caller, 'hr')) return 'hr';
  const governs = holds(caller, 'governor') || holds(caller, 'chair_of_governors');
  if (governs && c.panel.some((p) => p.person === caller && p.sitting)) return 'panel';
  // The hearing manager, from the hearing until the case closes, while one of the school's people.
  const member = w.people[caller].memberships.some(
    (m) => m.school === c.school && m.role !== 'admin',
  );
  if (c.hearingManager === caller && member && ['hearing', 'outcome', 'appeal'].includes(c.status))
    return 'hearing';
  if (c.status === 'appeal') {
    const chairs = w.people
      .map((_, i) => i)
      .filter((i) => holds(i, 'chair_of_governors') && i !== c.subject);
    if (holds(caller, 'chair_of_governors')) return 'appointer';
    if (chairs.length === 0 && holds(caller, 'headteacher')) return 'appointer';
  }
  if (c.reporter === caller) return 'reporter';
  return null;
}

describe('who may see a case: generated schools, people, cases and callers', () => {
  let t: TestApp;
  let runs = 0;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Writes a world as rows; returns the ids of its people and cases. */
  async function build(w: World) {
    const schoolsService = t.app.get(SchoolsService);
    const run = ++runs;
    return t.app.get(TransactionRunner).run(async (em) => {
      const now = t.clock.now();
      const schools = [];
      for (let s = 0; s < w.schools; s++) {
        const school = await schoolsService.create(em, `P${run}S${s}`, `Generated ${run}/${s}`);
        const policy = await schoolsService.publishPolicy(
          em,
          school.id,
          MODEL_POLICY_CLAUSES,
          null,
        );
        schools.push({ ...school, policyVersionId: policy.id });
      }
      const people: string[] = [];
      for (const [i, p] of w.people.entries()) {
        const id = randomUUID();
        people.push(id);
        await em.getRepository(User).insert({
          id,
          email: `p${run}-${i}@generated.example`,
          name: `Person ${run}-${i}`,
          passwordHash: 'x',
          createdAt: now,
          disabledAt: null,
        });
        for (const m of p.memberships) {
          await em.getRepository(Membership).insert({
            id: randomUUID(),
            userId: id,
            schoolId: schools[m.school].id,
            role: m.role,
            createdAt: now,
          });
        }
      }
      const cases: string[] = [];
      for (const [i, c] of w.cases.entries()) {
        const id = randomUUID();
        cases.push(id);
        const school = schools[c.school];
        const decided = ['outcome', 'appeal', 'closed'].includes(c.status);
        await em.getRepository(CaseRecord).insert({
          ...UNDECIDED,
          id,
          schoolId: school.id,
          reference: `${school.code}-2026-${String(i + 1).padStart(4, '0')}`,
          type: 'policy_breach',
          status: c.status,
          version: 1,
          policyVersionId: school.policyVersionId,
          clauseCodes: ['SM-05'],
          description: `Generated case ${run}-${i} text`,
          occurredAt: now,
          reportedAt: new Date(now.getTime() - i * 1000),
          safeguarding: false,
          confidentialReporter: c.confidential,
          indecentImages: false,
          platform: 'facebook',
          postUrl: null,
          subjectName: c.subject === null ? 'Someone' : `Person ${run}-${c.subject}`,
          subjectRelationship: 'staff',
          subjectUserId: c.subject === null ? null : people[c.subject],
          reporterId: people[c.reporter],
          aboutHeadteacher: c.headExcluded ? 'yes' : 'no',
          headExcluded: c.headExcluded,
          ownerRole: c.ownerRole,
          ownerUserId: c.owner === null ? null : people[c.owner],
          referenceLine: 'head',
          hearingManagerId: c.hearingManager === null ? null : people[c.hearingManager],
          classification: c.status === 'reported' ? null : 'conduct_breach',
          hrRequestedAt: c.hrReached ? now : null,
          hrReachedAt: c.hrReached ? now : null,
          hrAdviceCount: 0,
          lastHrAdviceAt: null,
          ladoReferredAt: null,
          finding: decided ? 'unfounded' : null,
          sanction: decided ? 'none' : null,
          rationale: decided ? 'r' : null,
          governorSummary: decided ? 'g' : null,
          decidedAt: decided ? now : null,
          appealLodgedAt: c.status === 'appeal' ? now : null,
          appealResult: null,
          appealDecidedAt: null,
          closedAt: c.status === 'closed' ? now : null,
          dueAt: null,
        });
        await em.getRepository(CaseEvent).insert({
          id: randomUUID(),
          caseId: id,
          seq: 1,
          at: now,
          actorId: people[c.reporter],
          kind: 'reported',
          fromStatus: null,
          toStatus: 'reported',
          note: null,
          data: null,
        });
        for (const p of c.panel) {
          await em.getRepository(CasePanelMember).insert({
            id: randomUUID(),
            caseId: id,
            userId: people[p.person],
            purpose: 'appeal',
            appointedAt: now,
            appointedById: people[c.reporter],
            endedAt: p.sitting ? null : now,
          });
        }
      }
      return { people, cases };
    });
  }

  it('agrees between list and detail, shows no one a case they may not see, and names a confidential reporter to the owner and HR only', async () => {
    const cases = t.app.get(CasesService);
    const users = t.app.get(UsersService);
    await fc.assert(
      fc.asyncProperty(worldArb, async (w) => {
        const built = await build(w);
        for (const [caller, userId] of built.people.entries()) {
          const actor = (await users.actorFor(userId, 'generated-session'))!;
          const listed = new Map(
            (await cases.list(actor, { limit: 100 })).items.map((item) => [item.id, item]),
          );
          for (const [i, c] of w.cases.entries()) {
            const caseId = built.cases[i];
            const want = expectedAccess(w, caller, c);
            const shown = await cases.detail(actor, caseId).catch(() => null);
            expect({ caller, case: i, detail: shown?.access ?? null }).toEqual({
              caller,
              case: i,
              detail: want,
            });
            expect({ caller, case: i, listed: listed.get(caseId)?.access ?? null }).toEqual({
              caller,
              case: i,
              listed: want,
            });
            if (!shown) continue;
            expect(listed.get(caseId)?.reporter).toEqual(shown.reporter);
            const reporterId = built.people[c.reporter];
            const namesReporter = JSON.stringify(shown).includes(reporterId);
            // A reporter who is also the case's subject or owner is named as that, by design.
            const reporterHasAnotherPart = c.subject === c.reporter || c.owner === c.reporter;
            if (
              c.confidential &&
              want !== 'owner' &&
              want !== 'hr' &&
              caller !== c.reporter &&
              c.hearingManager !== c.reporter &&
              !reporterHasAnotherPart
            ) {
              expect({ caller, case: i, namesReporter }).toEqual({
                caller,
                case: i,
                namesReporter: false,
              });
            }
          }
          // An admin alone sees no case content, but for reports they filed themselves.
          if (w.people[caller].memberships.every((m) => m.role === 'admin'))
            expect([...listed.values()].filter((item) => item.access !== 'reporter')).toEqual([]);
        }
      }),
      // PostgreSQL pays a round trip per query; fewer worlds there still cover every rule.
      { numRuns: onPostgres() ? 40 : 150, seed: Number(process.env.PROPERTY_SEED) || undefined },
    );
  });
});
