import { describe, expect, it } from '@jest/globals';
import { namesIn, namesTypedIn } from './summary-names.js';

describe('names in a summary for governors', () => {
  const known = ['Helen Carter', 'Priya Shah', 'Jamie Smith', 'Tom Reed'];

  it('finds a whole name, or a surname written as a name, and says each once', () => {
    expect(namesIn('Mrs Carter met Priya Shah and the pupil.', known)).toEqual([
      'Carter',
      'Priya Shah',
    ]);
    expect(namesIn('Jamie was upset; JAMIE SMITH posted it.', known)).toEqual(['JAMIE SMITH']);
  });

  it('passes a summary that names nobody, and a name part written as an ordinary word', () => {
    expect(
      namesIn('The member of staff was given a final written warning, reduced on appeal.', known),
    ).toEqual([]);
    expect(namesIn('The reed beds near the school were mentioned.', known)).toEqual([]);
    // A subject "named" by what they are is no name.
    expect(
      namesIn('A parent posted abuse about the Head of Year 6.', ['A parent', 'Head of Year 6']),
    ).toEqual([]);
  });

  it('reads names typed in a report: a title and surname, or capitalised words together', () => {
    expect(
      namesTypedIn('On Tuesday Mrs Patel saw that Jamie Smith had posted it. Then Tom replied.'),
    ).toEqual(['Patel', 'Jamie Smith']);
  });
});
