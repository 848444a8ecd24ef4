import { describe, expect, it } from '@jest/globals';
import { suppressed } from './governor-pages.service.js';

describe('suppressed', () => {
  it('hides every count below 3, zero included, so a small staff cannot be singled out', () => {
    expect([0, 1, 2].map(suppressed)).toEqual(['fewer than 3', 'fewer than 3', 'fewer than 3']);
  });

  it('shows counts of 3 and more', () => {
    expect([3, 4, 120].map(suppressed)).toEqual(['3', '4', '120']);
  });
});
