import { describe, expect, it } from '@jest/globals';
import { Translator } from '../platform/i18n/translator.js';
import { CLOCK_KINDS, CLOCK_WITHIN } from './workflow/index.js';

/**
 * A notice names its clock by kind, and the mail says how soon it needs action in its reader's
 * language (mail.within.<kind>): every clock has those words, the English the same as the
 * workflow's own.
 */
describe('the clocks a notice names', () => {
  const words = new Translator();

  it('has words for how soon each clock needs action, in English and Welsh', () => {
    for (const kind of CLOCK_KINDS) {
      expect(words.t(`mail.within.${kind}`, 'en')).toBe(CLOCK_WITHIN[kind]);
      expect(words.t(`mail.within.${kind}`, 'cy')).not.toBe(`mail.within.${kind}`);
      expect(words.t(`mail.within.${kind}`, 'cy')).not.toBe(CLOCK_WITHIN[kind]);
    }
  });
});
