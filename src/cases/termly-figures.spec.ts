import { describe, expect, it } from '@jest/globals';
import {
  parseTermKey,
  previousTerm,
  termContaining,
  termlyFigures,
  type TermlyCase,
} from './termly-figures.js';

const at = (iso: string) => new Date(iso);

describe('school terms', () => {
  it('puts London dates in autumn, spring and summer, across the BST change', () => {
    expect(termContaining(at('2026-12-02T10:00:00Z')).key).toBe('autumn-2026');
    expect(termContaining(at('2027-01-01T00:30:00Z')).key).toBe('spring-2027');
    // 23:30 UTC on 31 March is 00:30 on 1 April in London (BST).
    expect(termContaining(at('2027-03-31T23:30:00Z')).key).toBe('summer-2027');
    expect(termContaining(at('2027-08-31T22:59:00Z')).key).toBe('summer-2027');
    expect(termContaining(at('2027-08-31T23:00:00Z')).key).toBe('autumn-2027');
  });

  it('bounds a term by London midnights and names it', () => {
    const summer = parseTermKey('summer-2027')!;
    expect(summer.label).toBe('Summer term 2027');
    expect(summer.starts.toISOString()).toBe('2027-03-31T23:00:00.000Z');
    expect(summer.ends.toISOString()).toBe('2027-08-31T23:00:00.000Z');
    expect(previousTerm(summer).key).toBe('spring-2027');
    expect(previousTerm(parseTermKey('spring-2027')!).key).toBe('autumn-2026');
    expect(previousTerm(parseTermKey('autumn-2026')!).key).toBe('summer-2026');
  });

  it('refuses what is not a term', () => {
    expect(parseTermKey('winter-2026')).toBeNull();
    expect(parseTermKey('autumn-26')).toBeNull();
    expect(parseTermKey('autumn-2026;drop')).toBeNull();
  });
});

function aCase(over: Partial<TermlyCase['record']>, events: TermlyCase['events'] = []): TermlyCase {
  return {
    record: {
      classification: 'online_abuse',
      subjectRelationship: 'parent',
      reportedAt: at('2026-10-01T09:00:00Z'),
      decidedAt: null,
      closedAt: null,
      finding: null,
      response: null,
      ...over,
    },
    events,
  };
}

const move = (iso: string, toStatus: string) => ({
  kind: 'transition' as const,
  at: at(iso),
  toStatus,
  data: null,
});

describe('termlyFigures', () => {
  const autumn = parseTermKey('autumn-2026')!;

  it('counts reports by procedure and decisions by outcome within the term only', () => {
    const figures = termlyFigures(autumn, [
      aCase({}),
      aCase({}),
      aCase({ classification: 'conduct_breach', subjectRelationship: 'staff' }),
      aCase({ reportedAt: at('2026-08-20T09:00:00Z') }), // summer: not reported this term
      aCase({
        classification: 'harm_threshold',
        subjectRelationship: 'staff',
        decidedAt: at('2026-11-02T09:00:00Z'),
        finding: 'malicious',
      }),
      aCase({ classification: null, closedAt: at('2026-10-03T09:00:00Z') }),
    ]);
    expect(figures.reported).toBe(5);
    expect(figures.reportedByTrack).toEqual([
      { label: 'Online abuse by a parent or someone outside the school', count: 2 },
      { label: 'Allegation (harm threshold, with the LADO)', count: 1 },
      { label: 'Not yet triaged', count: 1 },
      { label: 'Staff discipline (ACAS Code)', count: 1 },
    ]);
    expect(figures.decided).toBe(2);
    expect(figures.decidedByOutcome.map((r) => r.label).sort()).toEqual([
      'Closed with no further action',
      'Malicious',
    ]);
  });

  it('gives the median days per stage of the cases decided this term', () => {
    const decided = (days: number) =>
      aCase({ decidedAt: at('2026-10-20T09:00:00Z') }, [
        move('2026-10-02T09:00:00Z', 'investigating'), // 1 day reported
        move(
          new Date(at('2026-10-02T09:00:00Z').getTime() + days * 86_400_000).toISOString(),
          'outcome',
        ),
      ]);
    const figures = termlyFigures(autumn, [decided(2), decided(4), decided(9)]);
    expect(figures.stageDays).toEqual([
      { stage: 'Reported', cases: 3, medianDays: 1 },
      { stage: 'Investigating', cases: 3, medianDays: 4 },
    ]);
  });

  it('counts deadlines, concern patterns and referrals that fall in the term', () => {
    const missed = {
      kind: 'deadline_missed' as const,
      at: at('2026-10-05T09:00:00Z'),
      toStatus: null,
      data: JSON.stringify({ clock: 'lado', dueAt: '2026-10-05T00:00:00Z' }),
    };
    const referral = (referredAt: string) => ({
      kind: 'referral' as const,
      at: at(referredAt),
      toStatus: null,
      data: JSON.stringify({ agency: 'lado', referredAt }),
    });
    const pattern = {
      kind: 'concern_pattern' as const,
      at: at('2026-11-05T09:00:00Z'),
      toStatus: null,
      data: null,
    };
    const figures = termlyFigures(autumn, [
      aCase({ decidedAt: at('2026-10-20T09:00:00Z') }, [missed, referral('2026-10-04T09:00:00Z')]),
      aCase({ decidedAt: at('2026-10-21T09:00:00Z') }, [pattern, referral('2026-08-30T09:00:00Z')]),
    ]);
    expect(figures.deadlinesAllMet).toBe(1);
    expect(figures.deadlinesMissed).toBe(1);
    expect(figures.missedByClock).toEqual([
      { label: 'LADO consultation (1 working day)', count: 1 },
    ]);
    expect(figures.concernPatterns).toBe(1);
    expect(figures.referralsByAgency).toEqual([
      { label: 'LADO (local authority designated officer)', count: 1 },
    ]);
  });
});
