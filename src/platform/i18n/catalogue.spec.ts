/**
 * The Welsh and English catalogues say the same things: a string in one language only fails
 * here, before nestjs-i18n would quietly fall back to English on a Welsh page. Every key a
 * template or the code looks up must exist, and placeholders must match across languages.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findI18nRoot } from './i18n-root.js';
import { LANGUAGES } from '../../common/language.js';
import { Translator } from './translator.js';

const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];
const PLURAL_SUFFIX = new RegExp(`_(${PLURAL_FORMS.join('|')})$`);
type Entry = string | { [form: string]: string };

/** Each key of a language, its plural forms (i18next's key_one, key_other...) counting as one. */
function catalogue(lang: string): Map<string, Entry> {
  const dir = join(findI18nRoot(), lang);
  const out = new Map<string, Entry>();
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === 'string') return void out.set(prefix, value);
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (const k of keys) {
      const path = prefix ? `${prefix}.${k}` : k;
      const form = PLURAL_SUFFIX.exec(k);
      const base = form ? k.slice(0, form.index) : '';
      // A plural set is `key_other` with at least one sibling form; a code that merely ends in
      // one of the suffixes (the track `conduct_other`) is a plain word.
      const plural =
        form &&
        typeof obj[k] === 'string' &&
        keys.includes(`${base}_other`) &&
        keys.filter((s) => s.startsWith(`${base}_`) && PLURAL_SUFFIX.test(s)).length > 1;
      if (!plural) {
        walk(path, obj[k]);
        continue;
      }
      const setKey = prefix ? `${prefix}.${base}` : base;
      const forms = (out.get(setKey) ?? {}) as Record<string, string>;
      out.set(setKey, { ...forms, [form[1]]: obj[k] as string });
    }
  };
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort())
    walk(file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(dir, file), 'utf8')));
  return out;
}

const placeholders = (entry: Entry) =>
  [
    ...new Set(
      (typeof entry === 'string' ? [entry] : Object.values(entry)).flatMap((s) =>
        [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
      ),
    ),
  ].sort();

const en = catalogue('en');

describe('the Welsh and English catalogues', () => {
  it('has the same files in every language', () => {
    const files = (lang: string) => readdirSync(join(findI18nRoot(), lang)).sort();
    for (const lang of LANGUAGES) expect(files(lang)).toEqual(files('en'));
  });

  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    it(`has every English string in ${lang}, and nothing in ${lang} alone`, () => {
      const other = catalogue(lang);
      expect([...other.keys()].filter((k) => !en.has(k))).toEqual([]);
      expect([...en.keys()].filter((k) => !other.has(k))).toEqual([]);
    });

    it(`keeps the same placeholders in ${lang}`, () => {
      const other = catalogue(lang);
      const differ = [...en].filter(
        ([k, v]) => other.has(k) && placeholders(v).join() !== placeholders(other.get(k)!).join(),
      );
      // A plural form may say its number in words ("1 munud"); the set as a whole keeps it.
      expect(differ.map(([k]) => k)).toEqual([]);
    });
  }

  it('has no empty string, and every plural set its "other" form and its language’s forms', () => {
    for (const lang of LANGUAGES)
      for (const [key, entry] of catalogue(lang)) {
        const forms = typeof entry === 'string' ? { one: entry, other: entry } : entry;
        expect([key, typeof forms.other]).toEqual([key, 'string']);
        if (typeof entry !== 'string') {
          // Every form the language's plural rules can pick must be there (Welsh: all six).
          const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
          expect([key, needed.filter((f) => !(f in entry))]).toEqual([key, []]);
        }
        for (const s of Object.values(forms))
          expect([key, s.trim().length > 0]).toEqual([key, true]);
      }
  });

  it('has every key a template looks up', () => {
    // Beside i18n/ in the repository (platform/templates imports this folder, not the reverse).
    const root = join(findI18nRoot(), '..', 'templates');
    const used = new Set<string>();
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }))
      if (file.endsWith('.hbs'))
        for (const m of readFileSync(join(root, file), 'utf8').matchAll(/\{\{t "([^"]+)"/g))
          used.add(m[1]);
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
  });

  it('has every key the code looks up by name', () => {
    const src = join(findI18nRoot(), '..', 'src');
    const used = new Set<string>();
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }))
      if (file.endsWith('.ts') && !file.endsWith('.spec.ts'))
        for (const m of readFileSync(join(src, file), 'utf8').matchAll(
          /\.t\(\s*'([a-z][\w]*(?:\.[\w]+)+)'/g,
        ))
          used.add(m[1]);
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
  });
});

describe('the translator', () => {
  const words = new Translator();

  it('says a number with the plural form its language needs', () => {
    const minutes = (lang: 'en' | 'cy', count: number) =>
      words.t('auth.login.minutes', lang, { count });
    expect([1, 2, 3, 7].map((n) => minutes('en', n))).toEqual([
      '1 minute',
      '2 minutes',
      '3 minutes',
      '7 minutes',
    ]);
    expect([1, 2, 3, 6, 7].map((n) => minutes('cy', n))).toEqual([
      '1 munud',
      '2 funud',
      '3 munud',
      '6 munud',
      '7 munud',
    ]);
  });

  it('fills placeholders without escaping (the template escapes once)', () => {
    expect(words.t('errors.quoteReference', 'cy', { requestId: '<r&1>' })).toBe(
      'Os byddwch yn rhoi gwybod am y broblem hon, dyfynnwch y cyfeirnod hwn: <r&1>',
    );
  });
});
