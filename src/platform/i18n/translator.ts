import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import i18next, { type i18n } from 'i18next';
import { findI18nRoot } from './i18n-root.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../common/language.js';

/**
 * The one way the product's words are looked up: pages, mail and PDFs all come through here,
 * with the language of the person they are for. i18next does the plural forms (Welsh has six:
 * `_zero`, `_one`, `_two`, `_few`, `_many`, `_other`) and the `{placeholders}`; a key missing in
 * Welsh would fall back to English at run time, and the catalogue test fails the build first.
 * (nestjs-i18n, the brief's first choice, is CommonJS and require()s the ESM-only Nest 12 packages,
 * which Jest refuses as a require(esm) cycle: see the README.)
 */
@Injectable()
export class Translator {
  private readonly i18n: i18n;
  /**
   * Words looked up without arguments, by language and key. The catalogues are read once and
   * never change, so this is exact; it spares i18next's key resolution (a tenth of a case-list
   * page's CPU, profiled) for the labels a page asks for on every row.
   */
  private readonly plain = new Map<string, string>();

  constructor(root: string = findI18nRoot()) {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources: Object.fromEntries(
        LANGUAGES.map((lang) => [lang, { translation: readLanguage(join(root, lang)) }]),
      ),
      lng: DEFAULT_LANGUAGE,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...LANGUAGES],
      // The resources are in memory, so init finishes before the constructor returns.
      initAsync: false,
      // Handlebars and the mail code escape on output; escaping here would do it twice.
      interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
      returnNull: false,
    });
  }

  t(key: string, lang: Language, args?: Record<string, unknown>): string {
    if (args && !isEmpty(args)) return this.i18n.t(key, { ...args, lng: lang });
    const memo = `${lang}\u0000${key}`;
    let words = this.plain.get(memo);
    if (words === undefined) {
      words = this.i18n.t(key, { lng: lang });
      this.plain.set(memo, words);
    }
    return words;
  }

  /**
   * A whole branch of one language's catalogue ("labels" → { status: {...}, track: {...} }), for
   * vocabularies read as maps from code to word. The catalogue test checks every code has one.
   */
  section(key: string, lang: Language): unknown {
    return this.i18n.getResource(lang, 'translation', key) as unknown;
  }
}

function isEmpty(args: Record<string, unknown>): boolean {
  for (const name in args) if (Object.hasOwn(args, name)) return false;
  return true;
}

/** One language's files (auth.json, layout.json, ...) as one tree: "auth.login.title". */
function readLanguage(dir: string): Record<string, unknown> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}
