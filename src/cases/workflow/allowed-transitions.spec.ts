import { describe, expect, it } from '@jest/globals';
import {
  CASE_STATUSES,
  type CaseSnapshot,
  type CaseStatus,
  type TransitionCommand,
  type WorkflowActor,
} from './case-workflow.types.js';
import { allowedTransitions, decide } from './decide.js';

const NOW = new Date('2026-11-20T15:00:00.000Z');
const RECENT = new Date('2026-11-18T10:00:00.000Z'); // window still open at NOW
const LONG_AGO = new Date('2026-10-20T10:00:00.000Z'); // window closed at NOW

const nobody: WorkflowActor = { isOwner: false, isHr: false, isPanelMember: false };
const owner = { ...nobody, isOwner: true };
const hr = { ...nobody, isHr: true };
const panel = { ...nobody, isPanelMember: true };

function snapshot(status: CaseStatus, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    status,
    classification: status === 'reported' ? null : 'harm_threshold',
    hrAdviceCount: 1,
    outcome: ['outcome', 'appeal', 'closed'].includes(status)
      ? { finding: 'substantiated', sanction: 'none', decidedAt: RECENT, appealResult: null }
      : null,
    appealLodgedAt: status === 'appeal' ? RECENT : null,
    ...overrides,
  };
}

const decidedAt = (at: Date, appealResult: 'upheld' | null = null) => ({
  outcome: {
    finding: 'substantiated' as const,
    sanction: 'none' as const,
    decidedAt: at,
    appealResult,
  },
});

describe('allowedTransitions', () => {
  it.each([
    ['owner, reported', snapshot('reported'), owner, ['investigating', 'closed']],
    ['owner, investigating', snapshot('investigating'), owner, ['hr_advice', 'outcome']],
    ['owner, hr_advice with advice', snapshot('hr_advice'), owner, ['investigating', 'outcome']],
    [
      'owner, hr_advice without advice',
      snapshot('hr_advice', { hrAdviceCount: 0 }),
      owner,
      ['investigating'],
    ],
    ['hr, hr_advice', snapshot('hr_advice'), hr, ['investigating']],
    ['hr, investigating', snapshot('investigating'), hr, []],
    ['owner, outcome in window', snapshot('outcome'), owner, ['appeal']],
    [
      'owner, outcome after window',
      snapshot('outcome', decidedAt(LONG_AGO)),
      owner,
      ['appeal', 'closed'],
    ],
    [
      'owner, outcome after appeal',
      snapshot('outcome', decidedAt(RECENT, 'upheld')),
      owner,
      ['closed'],
    ],
    ['panel member, outcome', snapshot('outcome', decidedAt(LONG_AGO)), panel, []],
    ['panel member, appeal', snapshot('appeal'), panel, ['outcome']],
    ['owner, appeal', snapshot('appeal'), owner, []],
    ['panel member, reported', snapshot('reported'), panel, []],
    ['owner, closed', snapshot('closed'), owner, []],
    ['outsider, reported', snapshot('reported'), nobody, []],
  ] as const)('%s', (_label, snap, actor, expected) => {
    expect(allowedTransitions(snap, actor, NOW)).toEqual(expected);
  });

  it('follows the configured appeal window', () => {
    const snap = snapshot('outcome', decidedAt(new Date('2026-11-10T10:00:00Z')));
    expect(allowedTransitions(snap, owner, NOW)).toEqual(['appeal']);
    expect(allowedTransitions(snap, owner, NOW, { appealWindowDays: 5 })).toEqual([
      'appeal',
      'closed',
    ]);
  });

  it('opens closing exactly after the end of the last day of the window, London time', () => {
    const snap = snapshot('outcome', decidedAt(new Date('2026-06-01T10:00:00Z')));
    expect(allowedTransitions(snap, owner, new Date('2026-06-11T22:59:59.999Z'))).toEqual([
      'appeal',
    ]);
    expect(allowedTransitions(snap, owner, new Date('2026-06-11T23:00:00.000Z'))).toEqual([
      'appeal',
      'closed',
    ]);
  });

  /** A body that satisfies every input rule, so decide() can only refuse for role or state. */
  const goodBody = (snap: CaseSnapshot): Omit<TransitionCommand, 'to'> => ({
    note: 'n',
    classification: 'conduct_breach',
    hrQuestion: 'q',
    finding: 'substantiated',
    sanction: 'none',
    rationale: 'r',
    governorSummary: 'g',
    appealLodgedAt: snap.outcome?.decidedAt ?? NOW,
    appealResult: 'upheld',
  });

  it('lists exactly the targets decide() accepts with good input', () => {
    const actors = [owner, hr, panel, nobody];
    const snapshots = CASE_STATUSES.flatMap((status) => [
      snapshot(status),
      snapshot(status, { hrAdviceCount: 0 }),
      ...(status === 'outcome'
        ? [snapshot(status, decidedAt(LONG_AGO)), snapshot(status, decidedAt(RECENT, 'upheld'))]
        : []),
    ]);
    for (const snap of snapshots) {
      for (const actor of actors) {
        const accepted = CASE_STATUSES.filter(
          (to) => decide(snap, { to, ...goodBody(snap) }, actor, NOW).ok,
        );
        expect({ snap, actor, allowed: allowedTransitions(snap, actor, NOW) }).toEqual({
          snap,
          actor,
          allowed: accepted,
        });
      }
    }
  });
});
