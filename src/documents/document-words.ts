import { caseWordsIn, type CaseVocabulary } from '../cases/case-labels.js';
import { HTML_LANG, type Language } from '../common/language.js';
import type { Translator } from '../platform/i18n/translator.js';
import { formatLondon } from '../platform/templates/template-renderer.js';

type DateLike = Date | string | null | undefined;

/** A document's words and dates in the language of the person it is made for. */
export interface Words {
  readonly lang: Language;
  /** The case vocabulary (status, track, finding...) in this language. */
  readonly named: CaseVocabulary;
  t(key: string, args?: Record<string, unknown>): string;
  when(d: DateLike): string;
  day(d: DateLike): string;
}

export function wordsIn(translator: Translator, lang: Language): Words {
  return {
    lang,
    named: caseWordsIn(lang),
    t: (key, args) => translator.t(key, lang, args),
    when: (d) => (d ? formatLondon(d, 'datetime', lang) : '—'),
    day: (d) => (d ? formatLondon(d, 'date', lang) : '—'),
  };
}

/** The root of a PDF's model: `lang` for `{{t}}`, `htmlLang` for `<html lang>`. */
export const languageOfDocument = (lang: Language) => ({ lang, htmlLang: HTML_LANG[lang] });

/**
 * A code the English document has always printed as it is ("staff", "closed"), which its readers
 * and tests know; in another language, the code's word, so no English is left in it.
 */
export function codeOrWord<K extends string>(
  w: Words,
  vocabulary: Readonly<Record<K, string>>,
  code: string,
): string {
  return w.lang === 'en' ? code : (vocabulary[code as K] ?? code);
}
