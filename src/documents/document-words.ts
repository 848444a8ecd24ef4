import { HTML_LANG, type Language } from '../common/language.js';
import type { Translator } from '../platform/i18n/translator.js';
import { formatLondon } from '../platform/templates/template-renderer.js';

type DateLike = Date | string | null | undefined;

/** A document's words and dates in the language of the person it is made for. */
export interface Words {
  readonly lang: Language;
  t(key: string, args?: Record<string, unknown>): string;
  when(d: DateLike): string;
  day(d: DateLike): string;
}

export function wordsIn(translator: Translator, lang: Language): Words {
  return {
    lang,
    t: (key, args) => translator.t(key, lang, args),
    when: (d) => (d ? formatLondon(d, 'datetime') : '—'),
    day: (d) => (d ? formatLondon(d, 'date') : '—'),
  };
}

/** The root of a PDF's model: `lang` for `{{t}}`, `htmlLang` for `<html lang>`. */
export const languageOfDocument = (lang: Language) => ({ lang, htmlLang: HTML_LANG[lang] });
