import { describe, expect, it } from '@jest/globals';
import { MAX_BODY_DEPTH, shapeProblem } from './body-shape.middleware.js';

describe('shapeProblem', () => {
  it('passes ordinary bodies', () => {
    expect(shapeProblem({ email: 'a@b', list: [1, { x: 'y' }] })).toBeNull();
    expect(shapeProblem(undefined)).toBeNull();
  });

  it('refuses nesting past the limit without recursing (no stack overflow at 100,000 levels)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(shapeProblem(deep)).toMatch(/nested more than/);
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_BODY_DEPTH; i++) ok = [ok];
    expect(shapeProblem(ok)).toBeNull();
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses a %s key at any depth, as JSON.parse creates it',
    (key) => {
      expect(shapeProblem(JSON.parse(`{"a":{"${key}":{"polluted":true}}}`))).toBe(
        `property ${key} should not exist`,
      );
    },
  );
});
