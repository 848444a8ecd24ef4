/** The languages the product speaks (DOMAIN.md §10): English, and Welsh for schools in Wales. */
export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The page's `lang` attribute: screen readers pick their voice from it. */
export const HTML_LANG: Record<Language, string> = { en: 'en-GB', cy: 'cy' };

/**
 * The language a browser asks for first, when it is one we speak. Only for someone not signed
 * in: a signed-in person's choice (or their school's) always wins over the browser's.
 */
export function languageFromHeader(header: string | undefined): Language | null {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().split('-')[0];
    if (isLanguage(tag)) return tag;
  }
  return null;
}

/** Turns a key and its values into words in one language. */
export type Translate = (key: string, lang: Language, args?: Record<string, unknown>) => string;
