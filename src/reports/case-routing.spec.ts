import { describe, expect, it } from '@jest/globals';
import { routeReport, type RoutingInput } from './case-routing.js';

const head = { id: 'h1', name: 'Helen Carter' };
const dsl = { id: 'd1', name: 'Joanne Walsh' };
const chair = { id: 'c1', name: 'Martin Hughes' };
const everyone = { heads: [head], dsls: [dsl], chairs: [chair] };

const report = (over: Partial<RoutingInput> = {}): RoutingInput => ({
  aboutHeadteacher: 'no',
  subjectRelationship: 'staff',
  subjectUserId: null,
  ...over,
});

describe('routeReport', () => {
  it('sends an ordinary report to the headteacher', () => {
    expect(routeReport(report(), everyone)).toEqual({
      ownerRole: 'headteacher',
      owner: head,
      headExcluded: false,
      line: 'head',
    });
  });

  it.each(['yes', 'not_sure'] as const)(
    'sends a report answered "%s" to the chair and keeps every head out',
    (aboutHeadteacher) => {
      expect(routeReport(report({ aboutHeadteacher }), everyone)).toEqual({
        ownerRole: 'chair_of_governors',
        owner: chair,
        headExcluded: true,
        line: 'chair',
      });
    },
  );

  it('sends a report about a linked head account to the chair even when answered "no"', () => {
    expect(routeReport(report({ subjectUserId: 'h1' }), everyone)).toMatchObject({
      ownerRole: 'chair_of_governors',
      headExcluded: true,
    });
  });

  // The names below used to decide the route; now only the answers do.
  it.each([
    ['deputy headteacher', 'no', 'headteacher'],
    ['the head of Year 6', 'no', 'headteacher'],
    ['Mrs Carter (our head)', 'yes', 'chair_of_governors'],
    ['Mrs H. Carter', 'yes', 'chair_of_governors'],
    ['Acting head', 'not_sure', 'chair_of_governors'],
  ] as const)('routes "%s" answered %s by the answer alone', (_name, aboutHeadteacher, owner) => {
    expect(routeReport(report({ aboutHeadteacher }), everyone).ownerRole).toBe(owner);
  });

  it('sends a report about a pupil to the designated safeguarding lead', () => {
    expect(routeReport(report({ subjectRelationship: 'pupil' }), everyone)).toEqual({
      ownerRole: 'dsl',
      owner: dsl,
      headExcluded: false,
      line: 'dsl',
    });
  });

  it('sends a report about a pupil to the head when the school has no DSL account', () => {
    const decision = routeReport(report({ subjectRelationship: 'pupil' }), {
      ...everyone,
      dsls: [],
    });
    expect(decision).toMatchObject({ ownerRole: 'headteacher', owner: head });
  });

  it('sends a report to the chair when the school has no head account', () => {
    expect(routeReport(report(), { ...everyone, heads: [] })).toEqual({
      ownerRole: 'chair_of_governors',
      owner: chair,
      headExcluded: false,
      line: 'chair',
    });
  });

  it('keeps a report with no one to own it, for the admin to sort out', () => {
    expect(routeReport(report(), { heads: [], dsls: [], chairs: [] })).toEqual({
      ownerRole: 'headteacher',
      owner: null,
      headExcluded: false,
      line: 'head',
    });
    expect(routeReport(report({ aboutHeadteacher: 'yes' }), { ...everyone, chairs: [] })).toEqual({
      ownerRole: 'chair_of_governors',
      owner: null,
      headExcluded: true,
      line: 'chair',
    });
  });

  it('gives a report about the chair to the head, and never makes the subject the owner', () => {
    expect(routeReport(report({ subjectUserId: 'c1' }), everyone).owner).toEqual(head);
    const twoHeads = { ...everyone, heads: [head, { id: 'h2', name: 'Acting Head' }] };
    // The second head account is the subject, and is not the first head: the first owns it.
    expect(routeReport(report({ subjectUserId: 'h2' }), twoHeads)).toMatchObject({
      ownerRole: 'chair_of_governors',
    });
    const chairs = [chair, { id: 'c2', name: 'Vice Chair' }];
    expect(
      routeReport(report({ aboutHeadteacher: 'yes', subjectUserId: 'c1' }), { ...everyone, chairs })
        .owner,
    ).toEqual(chairs[1]);
  });
});
