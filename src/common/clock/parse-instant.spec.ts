import { describe, expect, it } from '@jest/globals';
import { parseInstant } from './parse-instant.js';

describe('parseInstant', () => {
  it('keeps times that carry an offset exactly', () => {
    expect(parseInstant('2026-07-01T10:00:00.000Z').toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(parseInstant('2026-07-01T11:00:00+01:00').toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    );
  });

  it('reads a time without an offset on a London clock, in winter and in summer', () => {
    expect(parseInstant('2026-11-20T18:30').toISOString()).toBe('2026-11-20T18:30:00.000Z');
    expect(parseInstant('2026-07-01T18:30').toISOString()).toBe('2026-07-01T17:30:00.000Z');
  });

  it('handles the days the clocks change', () => {
    expect(parseInstant('2026-03-29T03:30').toISOString()).toBe('2026-03-29T02:30:00.000Z');
    expect(parseInstant('2026-10-25T00:30').toISOString()).toBe('2026-10-24T23:30:00.000Z');
  });

  it('gives an invalid date for nonsense', () => {
    expect(Number.isNaN(parseInstant('2026-13-45T99:99').getTime())).toBe(true);
  });
});
