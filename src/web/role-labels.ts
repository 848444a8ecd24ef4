import type { Language } from '../common/language.js';
import type { Nation } from '../common/nation.js';
import { ROLES } from '../common/role.js';
import type { Translator } from '../platform/i18n/translator.js';

/** Every role's catalogue key: admin.roles.<role> (a spec checks each has words in each language). */
export const ROLE_KEYS: readonly string[] = ROLES.map((r) => `admin.roles.${r}`);

/**
 * A role's name as people read it on the pages, in their language. Wales's guidance calls the
 * DSL the "designated safeguarding person", whatever the language of the page.
 */
export function roleLabel(
  words: Translator,
  role: string,
  lang: Language,
  nation: Nation = 'england',
): string {
  if (!(ROLES as readonly string[]).includes(role)) return role;
  if (role === 'dsl' && nation === 'wales') return words.t('admin.roles.dslWales', lang);
  return words.t(`admin.roles.${role}`, lang);
}
