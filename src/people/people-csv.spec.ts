import { describe, expect, it } from '@jest/globals';
import { DomainException } from '../common/errors/domain.exception.js';
import { MAX_IMPORT_ROWS, readPeopleCsv } from './people-csv.js';

const reasons = (text: string) => readPeopleCsv(text).map((p) => [p.row, p.reasons]);

describe('readPeopleCsv', () => {
  it('reads a MIS export with a BOM, quoted fields, CRLF and extra columns', () => {
    const csv =
      '\uFEFF"Role","Full Name","Email Address","Year"\r\n' +
      'staff,"Shah, Priya",Priya.Shah@Oak.example,5\r\n' +
      '"Chair of governors","O\'Neill ""Mo"" Hughes",mo@oak.example,\r\n';
    expect(readPeopleCsv(csv)).toEqual([
      { row: 2, email: 'priya.shah@oak.example', name: 'Shah, Priya', role: 'staff', reasons: [] },
      {
        row: 3,
        email: 'mo@oak.example',
        name: 'O\'Neill "Mo" Hughes',
        role: 'chair_of_governors',
        reasons: [],
      },
    ]);
  });

  it('gives every bad row its reasons', () => {
    const csv = [
      'email,name,role',
      'a@oak.example,"=HYPERLINK(""http://x"",""y"")",staff',
      'not-an-email,Bob,staff',
      'c@oak.example,Cat,wizard',
      'd@oak.example,Dee,hr',
      'e@oak.example,Eve,admin',
      'f@oak.example,,staff',
      'a@oak.example,Again,staff',
      'g@oak.example,@SUM(1),staff',
    ].join('\n');
    const read = reasons(csv);
    expect(read[0]).toEqual([2, [expect.stringMatching(/formula/)]]);
    expect(read[1]).toEqual([3, ['the email address is not valid']]);
    expect(read[2][1]).toEqual([expect.stringMatching(/role "wizard" is not one of/)]);
    expect(read[3][1]).toEqual([expect.stringMatching(/hr cannot be given by import/)]);
    expect(read[4][1]).toEqual([expect.stringMatching(/admin cannot be given by import/)]);
    expect(read[5][1]).toEqual(['the name must be 1 to 200 characters']);
    expect(read[6][1]).toEqual(['the email address is also in row 2']);
    expect(read[7][1]).toEqual([expect.stringMatching(/formula/)]);
  });

  it.each([
    ['', /empty/],
    ['email,name\nx@y.example,X', /missing: role/],
    ['email,name,role\n"a@b.example,A,staff', /not a readable CSV/],
    [`email,name,role\n${'x@y.example,X,staff\n'.repeat(MAX_IMPORT_ROWS + 1)}`, /at most 2000/],
  ])('refuses the whole file: %#', (text, reason) => {
    expect(() => readPeopleCsv(text)).toThrow(DomainException);
    try {
      readPeopleCsv(text);
    } catch (error) {
      expect(JSON.stringify((error as DomainException).messages)).toMatch(reason);
    }
  });
});
