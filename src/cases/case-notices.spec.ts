import { describe, expect, it } from '@jest/globals';
import { CLOCK_KINDS, clockWithin } from './workflow/index.js';

/**
 * A notice names its clock by kind, and the mail says how soon it needs action in its reader's
 * language with clockWithin(kind, lang), the one home of those words (labels.clockWithin).
 */
describe('the clocks a notice names', () => {
  it('has words for how soon each clock needs action, in English and Welsh', () => {
    expect(Object.fromEntries(CLOCK_KINDS.map((kind) => [kind, clockWithin(kind, 'en')]))).toEqual({
      triage: 'within 1 working day',
      lado: 'within 1 working day',
      police: 'by the end of the working day it was reported',
      hr_advice: 'within 5 working days',
      investigation_review: 'within 20 working days',
      hold_review: 'by the review date',
      takedown: 'within 2 working days',
      appeal_window: 'before the appeal window closes',
    });
    for (const kind of CLOCK_KINDS) {
      expect(clockWithin(kind, 'cy')).not.toMatch(/labels\./);
      expect(clockWithin(kind, 'cy')).not.toBe(clockWithin(kind, 'en'));
    }
  });
});
