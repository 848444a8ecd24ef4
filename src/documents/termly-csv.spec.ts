import { describe, expect, it } from '@jest/globals';
import { csvCell } from './termly-report.service.js';

describe('csvCell', () => {
  it('quotes every cell and doubles the quotes inside it', () => {
    expect(csvCell('Decided')).toBe('"Decided"');
    expect(csvCell('A "quoted" word, and a comma')).toBe('"A ""quoted"" word, and a comma"');
  });

  it('keeps a spreadsheet from reading a cell as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}HYPERLINK("http://x")`)).toBe(`"'${start}HYPERLINK(""http://x"")"`);
    expect(csvCell('fewer than 3')).toBe('"fewer than 3"');
  });
});
