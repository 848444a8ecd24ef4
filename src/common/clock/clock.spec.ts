import { describe, expect, it } from '@jest/globals';
import { Clock, FixedClock, SystemClock } from './clock.js';

describe('SystemClock', () => {
  it('returns the real time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('is a Clock, so it can stand in wherever one is injected', () => {
    expect(new SystemClock()).toBeInstanceOf(Clock);
    expect(new FixedClock()).toBeInstanceOf(Clock);
  });
});

describe('FixedClock', () => {
  it('stays put until moved', () => {
    const clock = new FixedClock('2026-11-20T15:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-11-20T15:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-11-20T15:00:00.000Z');
  });

  it('accepts a Date and can be set', () => {
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    clock.set('2027-03-28T00:59:59.999Z');
    expect(clock.now().toISOString()).toBe('2027-03-28T00:59:59.999Z');
    clock.set(new Date('2028-01-01T12:00:00Z'));
    expect(clock.now().toISOString()).toBe('2028-01-01T12:00:00.000Z');
  });

  it('advances by ms, hours and days, and chains', () => {
    const clock = new FixedClock('2026-11-20T15:00:00.000Z');
    clock.advance(1).advanceHours(2).advanceDays(3);
    expect(clock.now().toISOString()).toBe('2026-11-23T17:00:00.001Z');
    clock.advanceDays(-3);
    expect(clock.now().toISOString()).toBe('2026-11-20T17:00:00.001Z');
  });

  it('hands out copies, so mutating one does not move the clock', () => {
    const clock = new FixedClock('2026-11-20T15:00:00.000Z');
    clock.now().setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-11-20T15:00:00.000Z');
  });

  it('rejects invalid times', () => {
    expect(() => new FixedClock('not a date')).toThrow(RangeError);
    expect(() => new FixedClock().set(new Date(NaN))).toThrow(RangeError);
    expect(() => new FixedClock().advance(Number.NaN)).toThrow(RangeError);
  });
});
