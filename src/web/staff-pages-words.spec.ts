/**
 * The staff pages look some words up by a code (a notice's kind, a sign-in refusal...), which
 * the catalogue's test cannot see: every code of each family has its words in both languages.
 */
import { describe, expect, it } from '@jest/globals';
import { TERM_SEASONS } from '../cases/termly-figures.js';
import { LANGUAGES } from '../common/language.js';
import { NOTIFICATION_KINDS } from '../notifications/notification.entity.js';
import { Translator } from '../platform/i18n/translator.js';
import { SSO_REFUSALS } from './auth-pages.service.js';
import { REPORT_LABELS } from './report-pages.service.js';
import { NOTICE_WORDS } from './notification-pages.service.js';

const words = new Translator();
const missing = (keys: readonly string[]) =>
  LANGUAGES.flatMap((lang) =>
    keys.filter((key) => words.t(key, lang) === key).map((key) => `${lang}: ${key}`),
  );

describe('the staff pages’ words looked up by code', () => {
  it('words every kind of notice', () => {
    expect(missing(NOTIFICATION_KINDS.map(NOTICE_WORDS))).toEqual([]);
  });

  it('words every school term', () => {
    expect(missing(TERM_SEASONS.map((s) => `governors.term.${s}`))).toEqual([]);
  });

  it('words every reason the school’s sign-in refuses someone', () => {
    expect(missing(Object.values(SSO_REFUSALS))).toEqual([]);
  });

  it('names every field of the report form in a refusal', () => {
    expect(missing(Object.values(REPORT_LABELS))).toEqual([]);
  });

  it('words the password page for each kind of link and each refusal', () => {
    const keys = ['invitation', 'reset', 'tooShort', 'differ', 'linkInvalid'];
    expect(missing(keys.map((k) => `password.choose.${k}`))).toEqual([]);
  });
});
