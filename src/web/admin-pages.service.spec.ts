import { describe, expect, it } from '@jest/globals';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseCatalogue } from './admin-pages.service.js';

describe('parseCatalogue', () => {
  it('reads one "CODE | title" clause per line, upper-casing codes and skipping blank lines', () => {
    expect(parseCatalogue('sm-01 | First clause\n\n  SM-02 |  Second | with a bar  \n')).toEqual([
      { code: 'SM-01', title: 'First clause' },
      { code: 'SM-02', title: 'Second | with a bar' },
    ]);
  });

  it('reads a line without a code as a new clause, to be given the next free code', () => {
    expect(parseCatalogue('SM-01 | First clause\n| A new clause\nAnother new clause')).toEqual([
      { code: 'SM-01', title: 'First clause' },
      { code: null, title: 'A new clause' },
      { code: null, title: 'Another new clause' },
    ]);
  });

  it.each([
    ['', /at least one clause/],
    ['SM 01 | Bad code', /letters, digits, dots and dashes/],
    ['SM-01 | ok title\nSM-01 | again', /appears twice/],
    ['SM-01 | x', /3 to 300 characters/],
  ])('refuses %j', (text, message) => {
    expect(() => parseCatalogue(text)).toThrow(DomainException);
    try {
      parseCatalogue(text);
    } catch (error) {
      expect(JSON.stringify((error as DomainException).messages)).toMatch(message);
    }
  });
});
