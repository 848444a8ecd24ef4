import { describe, expect, it } from '@jest/globals';
import { titleFor } from './clause-title.js';

describe('titleFor', () => {
  it.each([
    [
      'a short rule is its own title',
      'Staff must not share passwords.',
      'Staff must not share passwords',
    ],
    [
      'only the first sentence',
      'This policy covers personal accounts. Staff must not post about pupils.',
      'This policy covers personal accounts',
    ],
    [
      'a long rule stops at a clause boundary',
      'The disclosure of confidential or sensitive information; or the disclosure of anything that could compromise security.',
      'The disclosure of confidential or sensitive information…',
    ],
    [
      'with no boundary, the first twelve words, not ending on "the"',
      'Employees must not use the equipment of the school for any purpose that is not work.',
      'Employees must not use the equipment of the school for any purpose…',
    ],
    [
      'a bracket is a boundary',
      'Staff must not friend a pupil or a parent (unless the parent is a member of their own family).',
      'Staff must not friend a pupil or a parent…',
    ],
    [
      'an abbreviation does not end the sentence',
      'Staff at St. Anne’s must not post images.',
      'Staff at St. Anne’s must not post images',
    ],
    ['a rule that starts in lower case', 'do not share passwords;', 'Do not share passwords'],
    ['a quoted first word', '‘friend’ a pupil online.', '‘Friend’ a pupil online'],
    [
      'only the first line of a rule with parts',
      'Staff must not post about:\ni. pupils\nii. parents',
      'Staff must not post about',
    ],
  ])('%s', (_what, rule, title) => {
    expect(titleFor(rule)).toBe(title);
  });

  it('a rule made of one enormous word is cut to 100 characters', () => {
    const title = titleFor(`Staff must not post ${'x'.repeat(5000)}`);
    expect(title.length).toBeLessThanOrEqual(100);
    expect(title.endsWith('…')).toBe(true);
  });
});
