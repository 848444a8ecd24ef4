import { describe, expect, it } from '@jest/globals';
import { LANGUAGES } from '../common/language.js';
import { ROLES } from '../common/role.js';
import { Translator } from '../platform/i18n/translator.js';
import { ROLE_KEYS, roleLabel } from './role-labels.js';

describe('role names on the pages', () => {
  const words = new Translator();

  it('has words for every role in every language (the keys are built, not written out)', () => {
    expect(ROLE_KEYS).toHaveLength(ROLES.length);
    for (const lang of LANGUAGES)
      for (const role of ROLES) {
        const said = roleLabel(words, role, lang);
        expect([role, lang, said === `admin.roles.${role}` || said.trim() === '']).toEqual([
          role,
          lang,
          false,
        ]);
      }
  });

  it('keeps the English names, and says them in Welsh for a Welsh speaker', () => {
    expect(roleLabel(words, 'dsl', 'en')).toBe('Designated safeguarding lead');
    expect(roleLabel(words, 'headteacher', 'cy')).toBe('Pennaeth');
    expect(roleLabel(words, 'chair_of_governors', 'cy')).toBe('Cadeirydd y llywodraethwyr');
  });

  it('names the DSL of a school in Wales its designated safeguarding person, in both languages', () => {
    expect(roleLabel(words, 'dsl', 'en', 'wales')).toBe('Designated safeguarding person');
    expect(roleLabel(words, 'dsl', 'cy', 'wales')).toBe('Person diogelu dynodedig');
    expect(roleLabel(words, 'governor', 'cy', 'wales')).toBe('Llywodraethwr');
  });

  it('shows a code it does not know as it is', () => {
    expect(roleLabel(words, 'caretaker', 'cy')).toBe('caretaker');
  });
});
