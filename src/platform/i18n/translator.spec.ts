import { describe, expect, it } from '@jest/globals';
import { Translator } from './translator.js';

describe('Translator', () => {
  const words = new Translator();

  it('gives each language its own words for a key looked up without arguments, every time', () => {
    const english = words.t('caseList.title', 'en');
    const welsh = words.t('caseList.title', 'cy');
    expect(english).toBe('Cases');
    expect(welsh).not.toBe(english);
    expect(words.t('caseList.title', 'en')).toBe(english);
    expect(words.t('caseList.title', 'cy', {})).toBe(welsh);
  });

  it('fills placeholders whenever arguments are given, whatever was looked up before', () => {
    words.t('caseList.about.more', 'en');
    expect(words.t('caseList.about.more', 'en', { clause: 'SM-05', number: 2 })).toContain('SM-05');
    expect(words.t('caseList.about.more', 'en', { clause: 'SM-07', number: 1 })).toContain('SM-07');
  });
});
