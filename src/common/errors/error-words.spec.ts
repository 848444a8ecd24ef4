import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LANGUAGES, type Language, type Translate } from '../language.js';
import { DomainException, NotFoundDomainException } from './domain.exception.js';
import { ERROR_CODES } from './error-codes.js';
import { codeKey, errorMessageIn, messageKey } from './error-words.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The catalogue files themselves (common/ may not import the Translator of platform/). */
const catalogue = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    JSON.parse(readFileSync(resolve(ROOT, 'i18n', lang, 'apiErrors.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >,
  ]),
) as Record<Language, Record<string, Record<string, string>>>;

const translate: Translate = (key, lang, args = {}) => {
  const [area, group, name] = key.split('.');
  const words = area === 'apiErrors' ? catalogue[lang][group]?.[name] : undefined;
  return words === undefined
    ? key
    : words.replace(/\{(\w+)\}/g, (_, k: string) => String(args[k] ?? `{${k}}`));
};

describe('API error messages in Welsh and English', () => {
  it('has a message for every error code in every language', () => {
    for (const lang of LANGUAGES) {
      const missing = ERROR_CODES.filter((code) => !catalogue[lang].code[codeKey(code)]);
      expect(missing).toEqual([]);
    }
    // And nothing for a code that no longer exists.
    const known = new Set(ERROR_CODES.map(codeKey));
    expect(Object.keys(catalogue.en.code).filter((k) => !known.has(k))).toEqual([]);
  });

  it('says each code in Welsh words, not the English again', () => {
    const same = ERROR_CODES.filter(
      (code) => catalogue.cy.code[codeKey(code)] === catalogue.en.code[codeKey(code)],
    );
    expect(same).toEqual([]);
  });

  it('leaves English exactly as it was raised', () => {
    const error = new DomainException(409, 'CASE_CLOSED', 'The case is closed; reopen it first');
    expect(
      errorMessageIn(
        'en',
        translate,
        { statusCode: 409, code: 'CASE_CLOSED', message: 'x' },
        error,
      ),
    ).toBe('x');
  });

  it("gives a code's Welsh sentence, and a not-found's own words", () => {
    const closed = new DomainException(409, 'CASE_CLOSED', 'The case is closed; reopen it first');
    expect(
      errorMessageIn(
        'cy',
        translate,
        { statusCode: 409, code: 'CASE_CLOSED', message: '' },
        closed,
      ),
    ).toBe("Mae'r achos ar gau; ailagorwch ef yn gyntaf");
    for (const [what, words] of [
      ['Case', "Heb ddod o hyd i'r achos"],
      ['Subject access request', "Heb ddod o hyd i'r cais gwrthrych am wybodaeth"],
      ['Authenticator set-up', 'Heb ddod o hyd i osodiad yr ap dilysu'],
      ['Something new', 'Heb ddod o hyd iddo.'],
    ]) {
      const missing = new NotFoundDomainException(what);
      const body = { statusCode: 404, code: 'NOT_FOUND', message: missing.message };
      expect(errorMessageIn('cy', translate, body, missing)).toBe(words);
    }
    // Every "not found" the source raises has its words.
    for (const key of Object.keys(catalogue.en.notFound))
      expect(catalogue.cy.notFound[key]).toBeDefined();
  });

  it('reads each line of a validation failure for its field, keeping the list', () => {
    const message = [
      'property colour should not exist',
      'description must be longer than or equal to 10 characters',
      'items.0.name must be a string',
      'platform must be one of the following values: facebook, x',
      'referredAt must not be in the future',
      'A dismissal is decided by a panel of at least 3 governors',
      'Something no catalogue says',
    ];
    expect(
      errorMessageIn('cy', translate, { statusCode: 400, code: 'VALIDATION_FAILED', message }),
    ).toEqual([
      'Ni dderbynnir y maes colour.',
      'Rhaid i description fod o leiaf 10 nod o hyd.',
      'Rhaid i items.0.name fod yn destun.',
      "Rhaid i platform fod yn un o'r gwerthoedd hyn: facebook, x.",
      'Ni chaiff referredAt fod yn y dyfodol.',
      "Panel o o leiaf 3 llywodraethwr sy'n penderfynu ar ddiswyddo",
      'Nid yw rhywbeth yn y cais yn ddilys.',
    ]);
  });

  it('says a sentence the catalogue knows word for word, and the code’s words otherwise', () => {
    const body = (message: string | string[]) => ({
      statusCode: 409,
      code: 'CASE_INVALID_TRANSITION',
      message,
    });
    expect(errorMessageIn('cy', translate, body('The case already has this classification.'))).toBe(
      'Mae gan yr achos y dosbarthiad hwn eisoes.',
    );
    expect(errorMessageIn('cy', translate, body('Something said nowhere else'))).toBe(
      'Ni all yr achos gymryd y cam hwn nawr.',
    );
    expect(
      errorMessageIn('cy', translate, {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: [
          'referredAt must not be in the future',
          'clientSecret is required the first time',
        ],
      }),
    ).toEqual(['Ni chaiff referredAt fod yn y dyfodol.', 'Mae angen clientSecret y tro cyntaf']);
  });

  it('keys each known sentence by its words, has it in Welsh, and finds it in the source', () => {
    const source = readdirSync(resolve(ROOT, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
      .map((e) => readFileSync(resolve(e.parentPath, e.name), 'utf8'))
      .join('\n');
    const known = Object.entries(catalogue.en.message);
    expect(known.length).toBeGreaterThan(50);
    for (const [key, english] of known) {
      expect(messageKey(english)).toBe(key);
      expect(catalogue.cy.message[key]).toBeDefined();
      expect(catalogue.cy.message[key]).not.toBe(english);
      // A sentence changed in the code would fall back to its code's words: say so here.
      // (The hand-over's refusals are put together from a person and a reason.)
      const composed = /^The (investigator|hearing manager) chosen (.+)$/.exec(english);
      const inSource = source.includes(english) || (!!composed && source.includes(composed[2]));
      expect({ key, inSource }).toEqual({ key, inSource: true });
    }
  });

  it('says a sentence with a value in it again with the same value', () => {
    const samples: [string, string, string][] = [
      [
        'CASE_MERGE_ALREADY_MERGED',
        'OAK-2026-0007 was already merged into a case.',
        "Mae OAK-2026-0007 eisoes wedi'i uno ag achos.",
      ],
      [
        'CASE_MERGE_ALREADY_MERGED',
        'OAK-2026-0007 was itself merged into another case: merge into that case instead.',
        'Mae OAK-2026-0007 ei hun',
      ],
      [
        'CASE_MERGE_CLOSED',
        'OAK-2026-0007 is closed: reopen it before merging another report into it.',
        'Mae OAK-2026-0007 ar gau: ailagorwch ef cyn',
      ],
      ['CASE_MERGE_CLOSED', 'OAK-2026-0007 is closed: reopen it first to merge it.', "i'w uno."],
      [
        'CASE_MERGE_HOLDS_MERGED',
        'Other reports were already merged into OAK-2026-0007: merge the other way round, into OAK-2026-0007.',
        'i mewn i OAK-2026-0007.',
      ],
      [
        'CASE_MERGE_TRACK_MISMATCH',
        'Triage OAK-2026-0001 first: OAK-2026-0002 already follows a procedure.',
        'Brysbennwch OAK-2026-0001 yn gyntaf: mae OAK-2026-0002',
      ],
      [
        'CASE_MERGE_TRACK_MISMATCH',
        'OAK-2026-0002 and OAK-2026-0001 follow different procedures, so they stay two cases. Reclassify one of them first if they are really the same matter.',
        'Mae OAK-2026-0002 yn dilyn gweithdrefn wahanol i OAK-2026-0001',
      ],
      [
        'CASE_SUMMARY_NAMES_FOUND',
        'These names appear in the summary for governors: Tom Reed, Jo Bloggs. Remove them, or send the summary again with confirmNames set to keep them.',
        'llywodraethwyr: Tom Reed, Jo Bloggs. Tynnwch nhw',
      ],
      [
        'PEOPLE_IMPORT_REJECTED',
        '2 of 7 rows cannot be imported; nothing was imported',
        "Ni ellir mewnforio 2 o'r 7 rhes",
      ],
      ['AUTH_PASSWORD_TOO_SHORT', 'password must be at least 12 characters', 'o leiaf 12 nod'],
      [
        'CASE_REGULATOR_DECISION_REQUIRED',
        'Record whether they were referred to the Education Workforce Council (with the reference) or why no referral is needed.',
        'at Gyngor y Gweithlu Addysg (EWC)',
      ],
      [
        'CASE_REGULATOR_DECISION_REQUIRED',
        'Record whether they were referred to the Teaching Regulation Agency (with the reference) or why no referral is needed.',
        'at yr Asiantaeth Rheoleiddio Addysgu (TRA)',
      ],
      [
        'VALIDATION_FAILED',
        'A dismissal is decided by a panel of at least 3 governors',
        'o leiaf 3 llywodraethwr',
      ],
    ];
    for (const [code, english, welsh] of samples) {
      const said = errorMessageIn('cy', translate, { statusCode: 409, code, message: english });
      expect(said).toContain(welsh);
      // Read back through the English catalogue, the pattern gives the sentence itself.
      const asEnglish = (key: string, _: Language, args?: Record<string, unknown>) =>
        translate(key, 'en', args);
      expect(errorMessageIn('cy', asEnglish, { statusCode: 409, code, message: english })).toBe(
        english,
      );
    }
    expect(Object.keys(catalogue.en.pattern).sort()).toEqual(
      Object.keys(catalogue.cy.pattern).sort(),
    );
  });

  it('falls back to the status when a code has no words', () => {
    expect(errorMessageIn('cy', translate, { statusCode: 404, message: 'Not Found' })).toBe(
      'Heb ddod o hyd iddo',
    );
  });
});
