import { describe, expect, it } from '@jest/globals';
import { TRANSITIONS, findEdge } from './case-transitions.table.js';
import { labels } from './case-workflow.labels.js';
import {
  APPEAL_RESULTS,
  CASE_STATUSES,
  CLASSIFICATIONS,
  FINDINGS,
  FORMAL_SANCTIONS,
  SANCTIONS,
  isFormalSanction,
} from './case-workflow.types.js';

describe('the transition table', () => {
  it('is DOMAIN.md §5, edge for edge', () => {
    expect(TRANSITIONS.map((e) => `${e.from} -> ${e.to}: ${e.who.join('|')}`)).toEqual([
      'reported -> investigating: owner',
      'reported -> closed: owner',
      'investigating -> hr_advice: owner',
      'hr_advice -> investigating: owner|hr',
      'investigating -> outcome: owner',
      'hr_advice -> outcome: owner',
      'outcome -> appeal: owner',
      'appeal -> outcome: appeal_panel',
      'outcome -> closed: owner',
    ]);
  });

  it('has at most one edge per pair and none from closed', () => {
    const pairs = TRANSITIONS.map((e) => `${e.from}>${e.to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(TRANSITIONS.filter((e) => e.from === 'closed')).toEqual([]);
  });

  it('reaches closed from every status but closed itself', () => {
    const reachable = (from: string, seen = new Set<string>()): Set<string> => {
      for (const e of TRANSITIONS.filter((t) => t.from === from && !seen.has(t.to))) {
        seen.add(e.to);
        reachable(e.to, seen);
      }
      return seen;
    };
    for (const status of CASE_STATUSES.filter((s) => s !== 'closed')) {
      expect([status, reachable(status).has('closed')]).toEqual([status, true]);
    }
  });

  it('keeps formal sanctions off the direct route to outcome', () => {
    expect(findEdge('investigating', 'outcome')?.formalSanctions).toBe('refused');
    expect(findEdge('hr_advice', 'outcome')?.formalSanctions).toBe('if_substantiated');
    expect(findEdge('hr_advice', 'outcome')?.preconditions).toContain('hr_advice_recorded');
  });

  it('finds nothing for a pair that is not an edge', () => {
    expect(findEdge('reported', 'outcome')).toBeUndefined();
    expect(findEdge('closed', 'reported')).toBeUndefined();
  });
});

describe('vocabulary and labels', () => {
  it('formal sanctions are the warnings and dismissals', () => {
    expect(SANCTIONS.filter(isFormalSanction)).toEqual([...FORMAL_SANCTIONS]);
    expect(isFormalSanction('management_advice')).toBe(false);
  });

  it('labels every code', () => {
    expect(Object.keys(labels.status)).toEqual([...CASE_STATUSES]);
    expect(Object.keys(labels.classification)).toEqual([...CLASSIFICATIONS]);
    expect(Object.keys(labels.finding)).toEqual([...FINDINGS]);
    expect(Object.keys(labels.sanction)).toEqual([...SANCTIONS]);
    expect(Object.keys(labels.appealResult)).toEqual([...APPEAL_RESULTS]);
    expect(labels.sanction.first_written_warning).toBe('First written warning');
    expect(labels.classification.harm_threshold).toBe('Harm threshold (allegation)');
  });
});
