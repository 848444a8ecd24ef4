import { describe, expect, it } from '@jest/globals';
import { LANGUAGES } from '../common/language.js';
import { Translator } from '../platform/i18n/translator.js';
import { NOTIFICATION_KINDS } from './notification.entity.js';

/**
 * The mail's words are looked up by a key made from the notice's kind, which the catalogue test
 * cannot follow: every kind has a subject and a text in every language, here.
 */
describe('mail words', () => {
  const words = new Translator();
  const camel = (kind: string) => kind.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

  it.each(LANGUAGES)('has a subject and a text for every notice kind in %s', (lang) => {
    const missing = NOTIFICATION_KINDS.flatMap((kind) =>
      ['subject', 'text']
        .map((part) => `mail.notice.${camel(kind)}.${part}`)
        .filter((key) => words.t(key, lang) === key),
    );
    expect(missing).toEqual([]);
  });

  it('says the same thing in Welsh, not the English words again', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const key = `mail.notice.${camel(kind)}.subject`;
      expect(words.t(key, 'cy')).not.toBe(words.t(key, 'en'));
    }
  });
});
