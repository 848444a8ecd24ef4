import { describe, expect, it } from '@jest/globals';
import {
  CASE_STATUSES,
  FORMAL_SANCTIONS,
  type CaseSnapshot,
  type CaseStatus,
  type Decision,
  type Finding,
  type Sanction,
  type TransitionCommand,
  type WorkflowActor,
} from './case-workflow.types.js';
import { appealWindowClosesAt, decide } from './decide.js';

const NOW = new Date('2026-11-20T15:00:00.000Z');
const DECIDED = new Date('2026-10-20T10:00:00.000Z'); // window long gone by NOW
const LODGED = new Date('2026-10-23T10:00:00.000Z');

const nobody: WorkflowActor = { isOwner: false, isHr: false, isPanelMember: false };

/** Every way a person can relate to a case. */
const ACTORS = {
  owner: { actor: { ...nobody, isOwner: true } },
  hr: { actor: { ...nobody, isHr: true } },
  panelMember: { actor: { ...nobody, isPanelMember: true } },
  other: { actor: nobody },
} as const satisfies Record<string, { actor: WorkflowActor }>;
type ActorKind = keyof typeof ACTORS;

/** A case in each status with every precondition met, so only the edge and role can refuse. */
function caseIn(status: CaseStatus, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const decided = ['outcome', 'appeal', 'closed'].includes(status);
  return {
    status,
    classification: status === 'reported' ? null : 'conduct_breach',
    hrAdviceCount: status === 'reported' || status === 'investigating' ? 0 : 1,
    outcome: decided
      ? {
          finding: 'substantiated',
          sanction: 'management_advice',
          decidedAt: DECIDED,
          appealResult: null,
        }
      : null,
    appealLodgedAt: status === 'appeal' ? LODGED : null,
    ...overrides,
  };
}

/** A body valid for every edge (informal sanction, appeal lodged in time). */
const completeBody: Omit<TransitionCommand, 'to'> = {
  note: 'Spoke to the member of staff',
  classification: 'conduct_breach',
  hrQuestion: 'Is a written warning proportionate?',
  finding: 'substantiated',
  sanction: 'none',
  rationale: 'The post breached SM-05',
  governorSummary: 'A derogatory post was found and removed',
  appealLodgedAt: LODGED,
  appealResult: 'upheld',
};

function run(
  snapshot: CaseSnapshot,
  command: TransitionCommand,
  actor: WorkflowActor = ACTORS.owner.actor,
  now = NOW,
): Decision {
  return decide(snapshot, command, actor, now);
}

function expectRefused(decision: Decision, status: number, code: string): string | string[] {
  expect(decision).toMatchObject({ ok: false, status, code });
  return decision.ok ? [] : decision.message;
}

function expectProblems(decision: Decision): string[] {
  const message = expectRefused(decision, 400, 'CASE_VALIDATION');
  expect(Array.isArray(message)).toBe(true);
  return message as string[];
}

function expectOk(decision: Decision) {
  if (!decision.ok) throw new Error(`expected ok, got ${JSON.stringify(decision)}`);
  return decision;
}

/**
 * Rows are the current status, columns the requested one, in CASE_STATUSES order:
 * reported investigating hr_advice outcome appeal closed.
 */
const GRIDS: Record<ActorKind, string> = {
  owner: `
    409 ok  409 409 409 ok
    409 409 ok  ok  409 409
    409 ok  409 ok  409 409
    409 409 409 409 ok  ok
    409 409 409 403 409 409
    409 409 409 409 409 409`,
  hr: `
    409 403 409 409 409 403
    409 409 403 403 409 409
    409 ok  409 403 409 409
    409 409 409 409 403 403
    409 409 409 403 409 409
    409 409 409 409 409 409`,
  panelMember: `
    409 403 409 409 409 403
    409 409 403 403 409 409
    409 403 409 403 409 409
    409 409 409 409 403 403
    409 409 409 ok  409 409
    409 409 409 409 409 409`,
  other: `
    403 403 403 403 403 403
    403 403 403 403 403 403
    403 403 403 403 403 403
    403 403 403 403 403 403
    403 403 403 403 403 403
    403 403 403 403 403 403`,
};

const CODE_FOR: Record<string, string> = {
  '403': 'CASE_FORBIDDEN_TRANSITION',
  '409': 'CASE_INVALID_TRANSITION',
};

const matrix = (Object.keys(GRIDS) as ActorKind[]).flatMap((kind) => {
  const rows = GRIDS[kind]
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/));
  return CASE_STATUSES.flatMap((from, i) =>
    CASE_STATUSES.map((to, j) => [kind, from, to, rows[i][j]] as const),
  );
});

describe('decide: every status x every target x every actor', () => {
  it('covers the whole matrix', () => {
    expect(matrix).toHaveLength(4 * 6 * 6);
  });

  it.each(matrix)('%s: %s -> %s is %s', (kind, from, to, expected) => {
    const { actor } = ACTORS[kind];
    const decision = run(caseIn(from), { to, ...completeBody }, actor);
    if (expected === 'ok') {
      expect(decision).toMatchObject({ ok: true, from, to });
    } else {
      expectRefused(decision, Number(expected), CODE_FOR[expected]);
    }
  });
});

describe('decide: order of checks', () => {
  it('refuses an outsider before looking at the request at all', () => {
    expectRefused(
      run(caseIn('reported'), { to: 'bogus' as CaseStatus }, nobody),
      403,
      'CASE_FORBIDDEN_TRANSITION',
    );
  });

  it('rejects an unknown target status as bad input', () => {
    const problems = expectProblems(run(caseIn('reported'), { to: 'archived' as CaseStatus }));
    expect(problems).toEqual([expect.stringContaining('to must be one of')]);
  });

  it('says "no such move" before "not your move"', () => {
    const actor = ACTORS.panelMember.actor;
    expectRefused(
      run(caseIn('reported'), { to: 'outcome' }, actor),
      409,
      'CASE_INVALID_TRANSITION',
    );
  });

  it('says "not your move" before any state precondition', () => {
    const snapshot = caseIn('hr_advice', { hrAdviceCount: 0 });
    expectRefused(
      run(snapshot, { to: 'outcome' }, ACTORS.hr.actor),
      403,
      'CASE_FORBIDDEN_TRANSITION',
    );
  });

  it('reports a state precondition before missing input', () => {
    const snapshot = caseIn('hr_advice', { hrAdviceCount: 0 });
    expectRefused(run(snapshot, { to: 'outcome' }), 409, 'CASE_INVALID_TRANSITION');
  });

  it('treats staying in the same status as an invalid transition', () => {
    for (const status of CASE_STATUSES) {
      expectRefused(
        run(caseIn(status), { to: status, ...completeBody }),
        409,
        'CASE_INVALID_TRANSITION',
      );
    }
  });

  it('never reopens a closed case', () => {
    for (const to of CASE_STATUSES) {
      const message = expectRefused(
        run(caseIn('closed'), { to, ...completeBody }),
        409,
        'CASE_INVALID_TRANSITION',
      );
      expect(message).toContain('closed');
    }
  });

  it('does not skip stages', () => {
    expectRefused(
      run(caseIn('reported'), { to: 'outcome', ...completeBody }),
      409,
      'CASE_INVALID_TRANSITION',
    );
    expectRefused(
      run(caseIn('reported'), { to: 'hr_advice', ...completeBody }),
      409,
      'CASE_INVALID_TRANSITION',
    );
    expectRefused(
      run(caseIn('investigating'), { to: 'closed', ...completeBody }),
      409,
      'CASE_INVALID_TRANSITION',
    );
    expectRefused(
      run(caseIn('appeal'), { to: 'closed', ...completeBody }),
      409,
      'CASE_INVALID_TRANSITION',
    );
  });
});

describe('decide: input checks that apply to every edge', () => {
  it('rejects an unknown value in any enum field, even one the edge does not use', () => {
    const command = {
      to: 'investigating',
      classification: 'conduct_breach',
      finding: 'proven',
      sanction: 'sacked',
      appealResult: 'maybe',
    } as unknown as TransitionCommand;
    expect(expectProblems(run(caseIn('reported'), command))).toEqual([
      'finding must be one of: substantiated, unsubstantiated, unfounded, false, malicious',
      expect.stringMatching(/^sanction must be one of: none, management_advice, /),
      'appealResult must be one of: upheld, varied, overturned',
    ]);
  });

  it('names an unknown classification once, not also as missing', () => {
    const command = {
      to: 'investigating',
      classification: 'serious',
    } as unknown as TransitionCommand;
    expect(expectProblems(run(caseIn('reported'), command))).toEqual([
      'classification must be one of: harm_threshold, low_level_concern, conduct_breach, online_abuse',
    ]);
  });

  it('rejects text fields that are not text', () => {
    const command = {
      to: 'investigating',
      classification: 'conduct_breach',
      note: 42,
    } as unknown as TransitionCommand;
    expect(expectProblems(run(caseIn('reported'), command))).toEqual(['note must be text']);
  });

  it('rejects an appeal date that is not a real Date', () => {
    for (const appealLodgedAt of [new Date(NaN), '2026-10-23']) {
      const command = { to: 'appeal', appealLodgedAt } as unknown as TransitionCommand;
      expect(expectProblems(run(caseIn('outcome'), command))).toEqual([
        'appealLodgedAt must be a valid date and time',
      ]);
    }
  });

  it('ignores valid fields the edge does not use', () => {
    const decision = expectOk(run(caseIn('reported'), { to: 'investigating', ...completeBody }));
    expect(decision.effects).toEqual({ kind: 'triage', classification: 'conduct_breach' });
  });

  it('passes the note through trimmed, and a blank note as null', () => {
    const base = { to: 'investigating', classification: 'online_abuse' } as const;
    expect(expectOk(run(caseIn('reported'), { ...base, note: '  Seen the post  ' })).note).toBe(
      'Seen the post',
    );
    expect(expectOk(run(caseIn('reported'), { ...base, note: '   ' })).note).toBeNull();
    expect(expectOk(run(caseIn('reported'), base)).note).toBeNull();
  });

  it('does not change the snapshot or the command it was given', () => {
    const snapshot = Object.freeze(caseIn('investigating'));
    const command = Object.freeze({ to: 'outcome', ...completeBody } as const);
    const before = JSON.stringify([snapshot, command]);
    expectOk(run(snapshot, command));
    expect(JSON.stringify([snapshot, command])).toBe(before);
  });
});

describe('reported -> investigating (triage)', () => {
  it('requires a classification', () => {
    expect(expectProblems(run(caseIn('reported'), { to: 'investigating' }))).toEqual([
      'classification is required',
    ]);
  });

  it.each(['harm_threshold', 'low_level_concern', 'conduct_breach', 'online_abuse'] as const)(
    'records the classification %s',
    (classification) => {
      const decision = expectOk(run(caseIn('reported'), { to: 'investigating', classification }));
      expect(decision).toEqual({
        ok: true,
        from: 'reported',
        to: 'investigating',
        note: null,
        effects: { kind: 'triage', classification },
      });
    },
  );
});

describe('reported -> closed (no further action)', () => {
  it('requires a classification and a rationale', () => {
    expect(expectProblems(run(caseIn('reported'), { to: 'closed' }))).toEqual([
      'classification is required',
      'rationale is required',
    ]);
    expect(
      expectProblems(
        run(caseIn('reported'), { to: 'closed', classification: 'online_abuse', rationale: ' ' }),
      ),
    ).toEqual(['rationale is required']);
  });

  it('records both', () => {
    const decision = expectOk(
      run(caseIn('reported'), {
        to: 'closed',
        classification: 'online_abuse',
        rationale: ' Post already removed ',
      }),
    );
    expect(decision.effects).toEqual({
      kind: 'close_after_triage',
      classification: 'online_abuse',
      rationale: 'Post already removed',
    });
  });
});

describe('investigating -> hr_advice', () => {
  it('requires the question put to HR', () => {
    expect(expectProblems(run(caseIn('investigating'), { to: 'hr_advice' }))).toEqual([
      'hrQuestion is required',
    ]);
    expect(
      expectProblems(run(caseIn('investigating'), { to: 'hr_advice', hrQuestion: '\n' })),
    ).toEqual(['hrQuestion is required']);
  });

  it('records the question', () => {
    const decision = expectOk(
      run(caseIn('investigating'), { to: 'hr_advice', hrQuestion: 'Which sanction?' }),
    );
    expect(decision.effects).toEqual({ kind: 'request_hr_advice', hrQuestion: 'Which sanction?' });
  });
});

describe('hr_advice -> investigating', () => {
  it.each(['owner', 'hr'] as const)('requires a note from the %s', (kind) => {
    expect(
      expectProblems(run(caseIn('hr_advice'), { to: 'investigating' }, ACTORS[kind].actor)),
    ).toEqual(['note is required']);
  });

  it('lets HR send the case back with a note', () => {
    const decision = expectOk(
      run(
        caseIn('hr_advice'),
        { to: 'investigating', note: 'Interview the witness first' },
        ACTORS.hr.actor,
      ),
    );
    expect(decision.note).toBe('Interview the witness first');
    expect(decision.effects).toEqual({ kind: 'resume_investigation' });
  });

  it('works before any advice is recorded', () => {
    expectOk(
      run(caseIn('hr_advice', { hrAdviceCount: 0 }), { to: 'investigating', note: 'Withdrawn' }),
    );
  });
});

describe('-> outcome', () => {
  const outcomeBody = {
    finding: 'substantiated',
    rationale: 'Clear breach',
    governorSummary: 'Breach found',
  } as const;

  it.each(['investigating', 'hr_advice'] as const)(
    'from %s requires all four fields, each named',
    (from) => {
      expect(expectProblems(run(caseIn(from), { to: 'outcome' }))).toEqual([
        'finding is required',
        'sanction is required',
        'rationale is required',
        'governorSummary is required',
      ]);
    },
  );

  it.each([
    ['investigating', 'none'],
    ['investigating', 'management_advice'],
    ['hr_advice', 'none'],
    ['hr_advice', 'management_advice'],
  ] as const)('from %s records sanction %s with decidedAt = now', (from, sanction) => {
    const decision = expectOk(
      run(caseIn(from), { to: 'outcome', ...outcomeBody, sanction, rationale: ' Clear breach ' }),
    );
    expect(decision.effects).toEqual({
      kind: 'record_outcome',
      outcome: {
        finding: 'substantiated',
        sanction,
        rationale: 'Clear breach',
        governorSummary: 'Breach found',
        decidedAt: NOW,
      },
    });
    if (decision.effects.kind === 'record_outcome')
      expect(decision.effects.outcome.decidedAt).not.toBe(NOW);
  });

  it.each(FORMAL_SANCTIONS.map((s) => [s]))(
    'refuses the formal sanction %s without HR advice, saying HR advice is needed',
    (sanction) => {
      const problems = expectProblems(
        run(caseIn('investigating'), { to: 'outcome', ...outcomeBody, sanction }),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^sanction: formal sanctions .* need HR advice/);
    },
  );

  it('reports the formal-sanction problem alongside missing fields', () => {
    const problems = expectProblems(
      run(caseIn('investigating'), {
        to: 'outcome',
        finding: 'substantiated',
        sanction: 'dismissal',
      }),
    );
    expect(problems).toEqual([
      'rationale is required',
      'governorSummary is required',
      expect.stringContaining('need HR advice'),
    ]);
  });

  it('refuses an outcome from hr_advice while no HR advice is recorded (409)', () => {
    const message = expectRefused(
      run(caseIn('hr_advice', { hrAdviceCount: 0 }), {
        to: 'outcome',
        ...outcomeBody,
        sanction: 'none',
      }),
      409,
      'CASE_INVALID_TRANSITION',
    );
    expect(message).toMatch(/HR advice/);
  });

  it.each(FORMAL_SANCTIONS.map((s) => [s]))(
    'allows %s after HR advice on a substantiated finding',
    (sanction) => {
      const decision = expectOk(
        run(caseIn('hr_advice', { hrAdviceCount: 2 }), { to: 'outcome', ...outcomeBody, sanction }),
      );
      expect(decision.effects).toMatchObject({ kind: 'record_outcome', outcome: { sanction } });
    },
  );

  const notSubstantiated: Finding[] = ['unsubstantiated', 'unfounded', 'false', 'malicious'];
  it.each(FORMAL_SANCTIONS.flatMap((s) => notSubstantiated.map((f) => [s, f] as const)))(
    'refuses %s on finding %s even after HR advice',
    (sanction, finding) => {
      expect(
        expectProblems(
          run(caseIn('hr_advice'), { to: 'outcome', ...outcomeBody, finding, sanction }),
        ),
      ).toEqual([`sanction: ${sanction} is a formal sanction and needs the finding substantiated`]);
    },
  );

  it.each(notSubstantiated.map((f) => [f]))('allows no sanction on finding %s', (finding) => {
    expectOk(
      run(caseIn('investigating'), { to: 'outcome', ...outcomeBody, finding, sanction: 'none' }),
    );
    expectOk(
      run(caseIn('hr_advice'), { to: 'outcome', ...outcomeBody, finding, sanction: 'none' }),
    );
  });
});

describe('outcome -> appeal', () => {
  const decidedAt = new Date('2026-11-02T16:00:00.000Z'); // Monday, GMT; window ends 12 Nov
  const decided = caseIn('outcome', {
    outcome: {
      finding: 'substantiated',
      sanction: 'final_written_warning',
      decidedAt,
      appealResult: null,
    },
  });
  const lodge = (iso: string, now = NOW) =>
    run(decided, { to: 'appeal', appealLodgedAt: new Date(iso) }, ACTORS.owner.actor, now);

  it('requires the date the appeal was lodged', () => {
    expect(expectProblems(run(decided, { to: 'appeal' }))).toEqual(['appealLodgedAt is required']);
  });

  it('records the date', () => {
    const decision = expectOk(lodge('2026-11-05T09:00:00.000Z'));
    expect(decision.effects).toEqual({
      kind: 'lodge_appeal',
      appealLodgedAt: new Date('2026-11-05T09:00:00.000Z'),
    });
  });

  it('accepts the moment of decision and the last moment of the last day', () => {
    expectOk(lodge('2026-11-02T16:00:00.000Z'));
    expectOk(lodge('2026-11-12T23:59:59.999Z'));
  });

  it('refuses a date after the window', () => {
    expect(expectProblems(lodge('2026-11-13T00:00:00.000Z'))).toEqual([
      'appealLodgedAt must be within 10 days of the outcome (by the end of 2026-11-12)',
    ]);
  });

  it('refuses a date before the decision', () => {
    expect(expectProblems(lodge('2026-11-02T15:59:59.999Z'))).toEqual([
      'appealLodgedAt must not be before the outcome was decided',
    ]);
  });

  it('refuses a date in the future', () => {
    const now = new Date('2026-11-05T09:00:00.000Z');
    expect(expectProblems(lodge('2026-11-05T09:00:00.001Z', now))).toEqual([
      'appealLodgedAt must not be in the future',
    ]);
    expectOk(lodge('2026-11-05T09:00:00.000Z', now));
  });

  it('reports both a future date and one past the window', () => {
    expect(expectProblems(lodge('2026-12-01T09:00:00.000Z'))).toHaveLength(2);
  });

  it('counts calendar days in London, so the window ends at 22:59:59.999Z in summer', () => {
    const summer = caseIn('outcome', {
      outcome: {
        finding: 'substantiated',
        sanction: 'none',
        decidedAt: new Date('2026-06-01T10:00:00Z'),
        appealResult: null,
      },
    });
    const now = new Date('2026-07-01T00:00:00Z');
    expectOk(
      run(
        summer,
        { to: 'appeal', appealLodgedAt: new Date('2026-06-11T22:59:59.999Z') },
        ACTORS.owner.actor,
        now,
      ),
    );
    expectProblems(
      run(
        summer,
        { to: 'appeal', appealLodgedAt: new Date('2026-06-11T23:00:00.000Z') },
        ACTORS.owner.actor,
        now,
      ),
    );
  });

  it('follows a configured window', () => {
    const command = { to: 'appeal', appealLodgedAt: new Date('2026-11-06T10:00:00Z') } as const;
    expectOk(decide(decided, command, ACTORS.owner.actor, NOW, { appealWindowDays: 5 }));
    expect(
      expectProblems(decide(decided, command, ACTORS.owner.actor, NOW, { appealWindowDays: 3 })),
    ).toEqual(['appealLodgedAt must be within 3 days of the outcome (by the end of 2026-11-05)']);
  });

  it('refuses a second appeal once one was decided (409)', () => {
    const appealed = caseIn('outcome', {
      outcome: { finding: 'substantiated', sanction: 'none', decidedAt, appealResult: 'varied' },
    });
    const message = expectRefused(
      run(appealed, { to: 'appeal', appealLodgedAt: new Date('2026-11-05T09:00:00Z') }),
      409,
      'CASE_INVALID_TRANSITION',
    );
    expect(message).toMatch(/already been decided/);
  });
});

describe('appeal -> outcome', () => {
  const underAppeal = (
    overrides: Partial<CaseSnapshot> = {},
    sanction: Sanction = 'final_written_warning',
    finding: Finding = 'substantiated',
  ) =>
    caseIn('appeal', {
      hrAdviceCount: 1,
      outcome: { finding, sanction, decidedAt: DECIDED, appealResult: null },
      ...overrides,
    });
  const chair = ACTORS.panelMember.actor;

  it('requires an appeal result', () => {
    expect(expectProblems(run(underAppeal(), { to: 'outcome' }, chair))).toEqual([
      'appealResult is required',
    ]);
  });

  it('upheld keeps the sanction', () => {
    const decision = expectOk(run(underAppeal(), { to: 'outcome', appealResult: 'upheld' }, chair));
    expect(decision.effects).toEqual({
      kind: 'decide_appeal',
      appealResult: 'upheld',
      previousSanction: 'final_written_warning',
      sanction: 'final_written_warning',
      appealDecidedAt: NOW,
    });
  });

  it('overturned lifts the sanction, whatever sanction was sent', () => {
    const decision = expectOk(
      run(
        underAppeal(),
        { to: 'outcome', appealResult: 'overturned', sanction: 'dismissal' },
        chair,
      ),
    );
    expect(decision.effects).toMatchObject({
      appealResult: 'overturned',
      previousSanction: 'final_written_warning',
      sanction: 'none',
    });
  });

  it('varied needs a new sanction', () => {
    expect(
      expectProblems(run(underAppeal(), { to: 'outcome', appealResult: 'varied' }, chair)),
    ).toEqual(['sanction is required when the appeal result is varied']);
  });

  it('varied refuses the same sanction', () => {
    expect(
      expectProblems(
        run(
          underAppeal(),
          { to: 'outcome', appealResult: 'varied', sanction: 'final_written_warning' },
          chair,
        ),
      ),
    ).toEqual([
      'sanction must differ from the current sanction (final_written_warning) when the appeal result is varied',
    ]);
  });

  it('varied records the new sanction', () => {
    const decision = expectOk(
      run(
        underAppeal(),
        { to: 'outcome', appealResult: 'varied', sanction: 'first_written_warning' },
        chair,
      ),
    );
    expect(decision.effects).toMatchObject({
      kind: 'decide_appeal',
      appealResult: 'varied',
      previousSanction: 'final_written_warning',
      sanction: 'first_written_warning',
    });
  });

  it('varied may go down to an informal sanction on any finding', () => {
    const snapshot = underAppeal({ hrAdviceCount: 0 }, 'final_written_warning', 'unsubstantiated');
    expectOk(
      run(
        snapshot,
        { to: 'outcome', appealResult: 'varied', sanction: 'management_advice' },
        chair,
      ),
    );
  });

  it('varied to a formal sanction still needs HR advice', () => {
    const snapshot = underAppeal({ hrAdviceCount: 0 }, 'management_advice');
    expect(
      expectProblems(
        run(
          snapshot,
          { to: 'outcome', appealResult: 'varied', sanction: 'first_written_warning' },
          chair,
        ),
      ),
    ).toEqual([expect.stringContaining('need HR advice')]);
  });

  it('varied to a formal sanction still needs a substantiated finding', () => {
    const snapshot = underAppeal({}, 'management_advice', 'unfounded');
    expect(
      expectProblems(
        run(snapshot, { to: 'outcome', appealResult: 'varied', sanction: 'dismissal' }, chair),
      ),
    ).toEqual(['sanction: dismissal is a formal sanction and needs the finding substantiated']);
  });

  it('is heard by a member of the appeal panel, never by the owner', () => {
    expectOk(run(underAppeal(), { to: 'outcome', appealResult: 'upheld' }, chair));
    const message = expectRefused(
      run(underAppeal(), { to: 'outcome', appealResult: 'upheld' }, ACTORS.owner.actor),
      403,
      'CASE_FORBIDDEN_TRANSITION',
    );
    expect(message).toMatch(/appeal panel/);
  });

  it('is not heard by HR', () => {
    expectRefused(
      run(underAppeal(), { to: 'outcome', appealResult: 'upheld' }, ACTORS.hr.actor),
      403,
      'CASE_FORBIDDEN_TRANSITION',
    );
  });

  it('refuses when the appeal was somehow already decided (409)', () => {
    const snapshot = caseIn('appeal', {
      outcome: {
        finding: 'substantiated',
        sanction: 'none',
        decidedAt: DECIDED,
        appealResult: 'upheld',
      },
    });
    expectRefused(
      run(snapshot, { to: 'outcome', appealResult: 'upheld' }, chair),
      409,
      'CASE_INVALID_TRANSITION',
    );
  });
});

describe('outcome -> closed', () => {
  const decidedAt = new Date('2026-11-02T16:00:00.000Z');
  const decided = (appealResult: 'upheld' | null = null) =>
    caseIn('outcome', {
      outcome: { finding: 'unfounded', sanction: 'none', decidedAt, appealResult },
    });
  const closeAt = (iso: string, snapshot = decided()) =>
    run(snapshot, { to: 'closed' }, ACTORS.owner.actor, new Date(iso));

  it('waits for the appeal window to end (409)', () => {
    const message = expectRefused(closeAt('2026-11-05T09:00:00Z'), 409, 'CASE_INVALID_TRANSITION');
    expect(message).toMatch(/appeal window is still open .*2026-11-12/);
    expectRefused(closeAt('2026-11-12T23:59:59.999Z'), 409, 'CASE_INVALID_TRANSITION');
  });

  it('closes once the window has ended', () => {
    expect(appealWindowClosesAt(decidedAt).toISOString()).toBe('2026-11-12T23:59:59.999Z');
    const decision = expectOk(closeAt('2026-11-13T00:00:00.000Z'));
    expect(decision).toEqual({
      ok: true,
      from: 'outcome',
      to: 'closed',
      note: null,
      effects: { kind: 'close' },
    });
  });

  it('closes at once after an appeal was decided', () => {
    expectOk(closeAt('2026-11-05T09:00:00Z', decided('upheld')));
  });

  it('judges the window end in London time across the October clock change', () => {
    // Decided in BST; the tenth day is in GMT, so the window ends at 23:59:59.999Z.
    const snapshot = caseIn('outcome', {
      outcome: {
        finding: 'unfounded',
        sanction: 'none',
        decidedAt: new Date('2026-10-20T09:00:00Z'),
        appealResult: null,
      },
    });
    expectRefused(closeAt('2026-10-30T23:59:59.999Z', snapshot), 409, 'CASE_INVALID_TRANSITION');
    expectOk(closeAt('2026-10-31T00:00:00.000Z', snapshot));
  });

  it('needs no input', () => {
    expectOk(closeAt('2026-12-01T09:00:00Z'));
  });
});
