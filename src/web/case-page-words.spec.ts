/**
 * The case page looks some words up by a code (a move's form, a field, a retention rule, a
 * companion...), which the catalogue test cannot see: every code has its words in English and
 * Welsh here, and the English of the workflow table's forms is the table's own.
 */
import { describe, expect, it } from '@jest/globals';
import { HEARING_COMPANIONS, SUBJECT_RELATIONSHIPS } from '../cases/case.constants.js';
import {
  FIELDS,
  MOVES,
  RETENTION_RULE_WORDS,
  type MoveContext,
  type Nation,
} from '../cases/workflow/index.js';
import { LANGUAGES, type Language } from '../common/language.js';
import { optionWords } from './case-forms.js';
import { Translator } from '../platform/i18n/translator.js';
import { ABOUT_RELATIONSHIPS } from './case-pages.service.js';

const words = new Translator();

/** A key's words in each language, failing on one the catalogue lacks (i18next returns the key). */
function said(key: string): Record<string, string> {
  return Object.fromEntries(
    LANGUAGES.map((lang) => {
      const text = words.t(key, lang);
      expect([key, lang, text === key]).toEqual([key, lang, false]);
      return [lang, text];
    }),
  );
}

describe('the case page’s words looked up by code', () => {
  it('has each move form’s title, button and hint, the English as the table says it', () => {
    for (const move of MOVES) {
      expect(said(`casePage.move.${move.id}.title`).en).toBe(move.form.title);
      expect(said(`casePage.move.${move.id}.button`).en).toBe(move.form.button);
      if (move.form.hint) expect(said(`casePage.move.${move.id}.hint`).en).toBe(move.form.hint);
    }
  });

  it('has each field’s label and hint, the English as the table says it', () => {
    for (const [name, spec] of Object.entries(FIELDS)) {
      expect(said(`casePage.field.${name}.label`).en).toBe(spec.label);
      if (spec.hint) expect(said(`casePage.field.${name}.hint`).en).toBe(spec.hint);
    }
  });

  it('has each retention rule, the English as the case file says it', () => {
    for (const [rule, english] of Object.entries(RETENTION_RULE_WORDS))
      expect(said(`labels.retentionRule.${rule}`).en).toBe(english);
  });

  it('has each companion, relationship, owner role and custody entry', () => {
    for (const c of HEARING_COMPANIONS) said(`casePage.companion.${c}`);
    for (const r of SUBJECT_RELATIONSHIPS) {
      said(`casePage.relationship.${r}`);
      said(`casePage.relationshipChoice.${r}`);
    }
    for (const r of ABOUT_RELATIONSHIPS) said(`caseList.relationship.${r}`);
    for (const role of ['chair_of_governors', 'headteacher', 'dsl', 'governor'])
      said(`casePage.role.${role}`);
    for (const what of ['added', 'downloaded', 'viewed']) said(`casePage.evidence.${what}`);
    for (const kind of ['Dismissal', 'Appeal'])
      for (const why of ['sitsOn', 'sitting', 'appoint']) said(`caseList.waiting.${why}${kind}`);
  });

  it('names each choice of a move form as the table does in English, and in Welsh otherwise', () => {
    for (const nation of ['england', 'wales'] as Nation[]) {
      const ctx = { policy: { nation } } as MoveContext;
      for (const [name, spec] of Object.entries(FIELDS)) {
        if (!spec.optionLabel) continue;
        const codes = spec.vocabulary ?? spec.options!({} as never, ctx);
        const inLang = (lang: Language) =>
          Object.assign((key: string) => words.t(key, lang), { lang });
        for (const code of codes) {
          const en = optionWords(name as keyof typeof FIELDS, code, ctx, inLang('en'));
          expect([name, code, en]).toEqual([name, code, spec.optionLabel(code, ctx)]);
          const cy = optionWords(name as keyof typeof FIELDS, code, ctx, inLang('cy'));
          expect([name, code, cy === en && /[a-z]{4}/.test(en)]).toEqual([name, code, false]);
        }
      }
    }
  });

  it('speaks Welsh in Welsh', () => {
    expect(said('casePage.move.triage.button').cy).toBe('Dechrau ymchwilio');
    expect(said('casePage.role.dsl').cy).toBe('arweinydd diogelu');
    expect(said('casePage.roleWales.dsl')).toEqual({
      en: 'designated safeguarding person',
      cy: 'person diogelu dynodedig',
    });
  });
});
