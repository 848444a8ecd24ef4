/**
 * The PDFs' words looked up by a key built at run time (the catalogue test finds only literal
 * keys): every code of each family has its words in every language.
 */
import { describe, expect, it } from '@jest/globals';
import { RETENTION_RULE_WORDS } from '../cases/workflow/index.js';
import { TERM_SEASONS } from '../cases/termly-figures.js';
import { LANGUAGES } from '../common/language.js';
import { words } from '../platform/i18n/words.js';
import { caseWordsIn } from '../cases/case-labels.js';
import { COMPANION_KEY, retentionRuleWords } from './case-file-content.js';
import { codeOrWord, languageOfDocument, wordsIn } from './document-words.js';

const has = (key: string) => LANGUAGES.map((lang) => [key, lang, typeof words.section(key, lang)]);
const everywhere = (key: string) => LANGUAGES.map((lang) => [key, lang, 'string']);

describe("the PDFs' dynamic keys", () => {
  it('has the words of every retention rule, the same as the case page’s in each language', () => {
    for (const [rule, english] of Object.entries(RETENTION_RULE_WORDS)) {
      expect(has(`labels.retentionRule.${rule}`)).toEqual(
        everywhere(`labels.retentionRule.${rule}`),
      );
      expect(retentionRuleWords(rule as never, wordsIn(words, 'en'))).toBe(english);
      expect(retentionRuleWords(rule as never, wordsIn(words, 'cy'))).toBe(
        caseWordsIn('cy').retentionRule[rule as keyof typeof RETENTION_RULE_WORDS],
      );
    }
  });

  it('names every term, every companion at a hearing and every redaction', () => {
    const keys = [
      ...TERM_SEASONS.map((s) => `termlyReport.term.${s}`),
      ...Object.values(COMPANION_KEY),
      ...['subject', 'reporter', 'both'].map((r) => `subjectAccess.role.${r}`),
      ...[
        'memberOfStaff',
        'anotherPerson',
        'confidentialReporter',
        'reporter',
        'caseManager',
        'investigator',
        'hearingManager',
        'panelMember',
      ].map((w) => `subjectAccess.who.${w}`),
    ];
    for (const key of keys) expect(has(key)).toEqual(everywhere(key));
  });
});

describe('a document’s words', () => {
  it('dates in the reader’s language, and the page’s lang attribute to match', () => {
    const at = new Date('2026-11-16T10:00:00.000Z');
    expect(wordsIn(words, 'cy').when(at)).toBe('16 Tach 2026, 10:00');
    expect(wordsIn(words, 'en').day(at)).toBe('16 Nov 2026');
    expect(wordsIn(words, 'cy').day(null)).toBe('—');
    expect(languageOfDocument('cy')).toEqual({ lang: 'cy', htmlLang: 'cy' });
    expect(languageOfDocument('en')).toEqual({ lang: 'en', htmlLang: 'en-GB' });
  });

  it('keeps a code the English file always printed, and says it in Welsh', () => {
    const status = { closed: 'Closed' };
    expect(codeOrWord(wordsIn(words, 'en'), status, 'closed')).toBe('closed');
    expect(codeOrWord(wordsIn(words, 'cy'), wordsIn(words, 'cy').named.status, 'closed')).toBe(
      "Wedi'i gau",
    );
  });
});
