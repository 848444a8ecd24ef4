import { describe, expect, it } from '@jest/globals';
import { approvalProblems, assignClauseCodes } from './policy-codes.js';

const used = (...codes: string[]) => new Set(codes);

describe('assignClauseCodes', () => {
  it('keeps the code of a kept or reworded clause and gives a new clause the next free code', () => {
    const { clauses, problems } = assignClauseCodes(
      [
        { code: 'SM-01', title: 'Reworded first clause' },
        { code: null, title: 'A brand new clause' },
        { code: null, title: 'Another new clause' },
      ],
      used('SM-01', 'SM-02', 'SM-03'),
      used('SM-01', 'SM-02', 'SM-03'),
    );
    expect(problems).toEqual([]);
    expect(clauses.map((c) => c.code)).toEqual(['SM-01', 'SM-04', 'SM-05']);
    expect(clauses[0].title).toBe('Reworded first clause');
  });

  it('never gives a retired code to a new clause, even the highest one', () => {
    // SM-03 was retired in an earlier version: the next free code is SM-04, not SM-03.
    const { clauses } = assignClauseCodes(
      [
        { code: 'SM-01', title: 'First clause' },
        { code: null, title: 'A new clause' },
      ],
      used('SM-01', 'SM-02', 'SM-03'),
      used('SM-01', 'SM-02'),
    );
    expect(clauses.map((c) => c.code)).toEqual(['SM-01', 'SM-04']);
  });

  it('refuses a retired code written on a clause, and a code twice', () => {
    const { problems } = assignClauseCodes(
      [
        { code: 'SM-03', title: 'Reusing a retired code' },
        { code: 'SM-01', title: 'First clause' },
        { code: 'SM-01', title: 'First clause again' },
      ],
      used('SM-01', 'SM-02', 'SM-03'),
      used('SM-01', 'SM-02'),
    );
    expect(problems.join('\n')).toMatch(/SM-03 belongs to a retired clause/);
    expect(problems.join('\n')).toMatch(/SM-01 appears twice/);
  });

  it("accepts codes from an imported policy's own numbering and follows them", () => {
    const { clauses, problems } = assignClauseCodes(
      [
        { code: 'POL-01', title: 'Imported rule one', text: 'The school words.' },
        { code: 'POL-02', title: 'Imported rule two' },
        { code: null, title: 'Added by the admin' },
      ],
      used('SM-01'),
      used('SM-01'),
    );
    expect(problems).toEqual([]);
    expect(clauses.map((c) => c.code)).toEqual(['POL-01', 'POL-02', 'POL-03']);
    expect(clauses[0].text).toBe('The school words.');
    expect(clauses[1].text).toBeNull();
  });

  it('refuses an empty list and a title too short', () => {
    expect(assignClauseCodes([], used(), used()).problems).toEqual([
      'the policy must have at least one clause',
    ]);
    expect(assignClauseCodes([{ code: null, title: 'x' }], used(), used()).problems.join()).toMatch(
      /3 to 300/,
    );
  });
});

describe('approvalProblems', () => {
  const today = '2026-12-02';
  it('accepts an approval with a later review date', () => {
    expect(
      approvalProblems(
        { approvedBy: 'Full governing body', approvedOn: '2026-11-20', reviewDue: '2027-11-20' },
        today,
      ),
    ).toEqual([]);
  });

  it.each([
    [{ approvedOn: '2026-11-20', reviewDue: '2027-11-20' }, /approvedBy must say who/],
    [
      { approvedBy: 'FGB', approvedOn: '2026-02-30', reviewDue: '2027-11-20' },
      /approvedOn must be a date/,
    ],
    [
      { approvedBy: 'FGB', approvedOn: '2026-12-03', reviewDue: '2027-11-20' },
      /cannot be in the future/,
    ],
    [
      { approvedBy: 'FGB', approvedOn: '2026-11-20', reviewDue: '2026-11-20' },
      /reviewDue must be after/,
    ],
    [{ approvedBy: 'FGB', approvedOn: '2026-11-20' }, /reviewDue must be a date/],
  ])('refuses %j', (approval, message) => {
    expect(approvalProblems(approval, today).join('\n')).toMatch(message);
  });
});
