import { describe, expect, it } from '@jest/globals';
import { DomainException } from '../common/errors/domain.exception.js';
import { Translator } from '../platform/i18n/translator.js';
import { FORM_MESSAGE_KEYS, formErrors, plainWords } from './form-errors.js';

const LABELS = {
  rationale: 'Reasons',
  sanction: 'Sanction',
  appealLodgedAt: 'Date the appeal was lodged',
};
const MACHINE_WORD = /\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]+_[A-Z_]+\b/;

describe('messages on pages', () => {
  it.each([
    ['rationale is required', LABELS, 'Fill in “Reasons”.'],
    [
      'sanction must be one of the following values: none, management_advice, final_written_warning',
      LABELS,
      'Choose one of the answers offered for “Sanction”.',
    ],
    [
      'sanction must be one of: none, management_advice',
      LABELS,
      'Choose one of the answers offered for “Sanction”.',
    ],
    [
      'appealLodgedAt must not be in the future',
      LABELS,
      '“Date the appeal was lodged” cannot be in the future.',
    ],
    [
      'evidenceCapturedAt must not be in the future',
      {},
      '“Evidence captured at” cannot be in the future.',
    ],
    [
      'note must be shorter than or equal to 20000 characters',
      {},
      '“Note” is too long (at most 20000 characters).',
    ],
    [
      'description must be between 10 and 20,000 characters',
      {},
      'Description must be between 10 and 20,000 characters',
    ],
    [
      'A formal sanction needs HR advice first.',
      LABELS,
      'A formal sanction needs HR advice first.',
    ],
    [
      'Only the case owner may record a final_written_warning',
      {},
      'Only the case owner may record a final written warning',
    ],
    ['approvedBy must say who approved it', {}, 'Approved by must say who approved it'],
  ])('says %j in plain words', (text, labels, expected) => {
    const said = plainWords(text, labels);
    expect(said).toBe(expected);
    expect(said).not.toMatch(MACHINE_WORD);
  });

  it('places each message beside its field and says it in the form’s words', () => {
    const refusal = new DomainException(400, 'CASE_VALIDATION', [
      'rationale is required',
      'sanction must be one of: none, management_advice',
    ]);
    expect(formErrors(refusal, ['rationale', 'sanction'], LABELS)).toMatchObject([
      { field: 'rationale', text: 'Fill in “Reasons”.', href: '#rationale' },
      {
        field: 'sanction',
        text: 'Choose one of the answers offered for “Sanction”.',
        href: '#sanction',
      },
    ]);
  });

  describe('in Welsh', () => {
    const CY = { description: 'Beth ddigwyddodd?', platform: 'Ble roedd e?' };

    it.each([
      ['platform is required', 'Llenwch “Ble roedd e?”.'],
      [
        'description must be between 10 and 20,000 characters',
        'Rhaid i “Beth ddigwyddodd?” fod rhwng 10 a 20,000 nod',
      ],
      [
        'description must be shorter than or equal to 20000 characters',
        'Mae “Beth ddigwyddodd?” yn rhy hir (dim mwy na 20000 nod).',
      ],
      ['description must look like something new', 'Gwiriwch eich ateb i “Beth ddigwyddodd?”.'],
      [
        'Say whether this is about the headteacher: yes, no or not sure',
        'Dywedwch a yw hyn am y pennaeth: ydy, nac ydy neu ddim yn siŵr',
      ],
    ])('says %j in Welsh', (text, expected) => {
      expect(plainWords(text, CY, 'cy')).toBe(expected);
    });

    it('marks a message it has no Welsh for as English, and the Welsh ones not', () => {
      const refusal = new DomainException(400, 'CASE_VALIDATION', [
        'platform is required',
        'A formal sanction needs HR advice first.',
      ]);
      expect(formErrors(refusal, ['platform'], CY, 'cy')).toMatchObject([
        { field: 'platform', text: 'Llenwch “Ble roedd e?”.', href: '#platform' },
        {
          field: null,
          text: 'A formal sanction needs HR advice first.',
          href: null,
          lang: 'en-GB',
        },
      ]);
    });

    it('has words in both languages for every rule it knows', () => {
      const words = new Translator();
      for (const key of FORM_MESSAGE_KEYS)
        for (const lang of ['en', 'cy'] as const)
          expect([key, words.t(key, lang, { name: 'x' })]).not.toEqual([key, key]);
    });
  });
});
