import { describe, expect, it } from '@jest/globals';
import { mergeRefusal, type MergeParty } from './merge.js';

const party = (over: Partial<MergeParty> = {}): MergeParty => ({
  id: 'a',
  reference: 'OAK-2026-0001',
  status: 'investigating',
  track: 'disciplinary',
  mergedIntoCaseId: null,
  holdsMerged: false,
  ...over,
});
const b = (over: Partial<MergeParty> = {}) =>
  party({ id: 'b', reference: 'OAK-2026-0002', status: 'reported', track: 'untriaged', ...over });
const code = (into: MergeParty, merged: MergeParty) => mergeRefusal(into, merged)?.code ?? null;

describe('merging two reports: the rules that read both cases', () => {
  it('takes an untriaged report, or one on the same track', () => {
    expect(code(party(), b())).toBeNull();
    expect(code(party(), b({ status: 'investigating', track: 'disciplinary' }))).toBeNull();
  });

  it('refuses the same case, a merge already made, a closed case and a chain, in that order', () => {
    expect(code(party(), party())).toBe('CASE_MERGE_SAME_CASE');
    expect(code(party(), b({ mergedIntoCaseId: 'c' }))).toBe('CASE_MERGE_ALREADY_MERGED');
    expect(code(party({ mergedIntoCaseId: 'c' }), b())).toBe('CASE_MERGE_ALREADY_MERGED');
    expect(code(party({ status: 'closed' }), b())).toBe('CASE_MERGE_CLOSED');
    expect(code(party(), b({ status: 'closed' }))).toBe('CASE_MERGE_CLOSED');
    expect(code(party(), b({ holdsMerged: true }))).toBe('CASE_MERGE_HOLDS_MERGED');
  });

  it('keeps two procedures apart, and a triaged report out of an untriaged case', () => {
    expect(code(party(), b({ track: 'online_abuse' }))).toBe('CASE_MERGE_TRACK_MISMATCH');
    const untriaged = party({ track: 'untriaged', status: 'reported' });
    expect(code(untriaged, b({ track: 'disciplinary' }))).toBe('CASE_MERGE_TRACK_MISMATCH');
    expect(mergeRefusal(untriaged, b({ track: 'disciplinary' }))?.message).toContain(
      'Triage OAK-2026-0001 first',
    );
  });
});
