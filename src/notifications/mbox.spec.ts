import { describe, expect, it } from '@jest/globals';
import { mboxEntry } from './mbox.js';

describe('mboxEntry', () => {
  const at = new Date('2026-11-03T09:05:07Z');

  it('starts with a separator line and ends with a blank line, with LF line ends', () => {
    const entry = mboxEntry(Buffer.from('To: a@b\r\nSubject: x\r\n\r\nHello\r\n'), 'n@s', at);
    expect(entry.toString()).toBe(
      'From n@s Tue Nov  3 09:05:07 2026\nTo: a@b\nSubject: x\n\nHello\n\n',
    );
  });

  it('quotes body lines a reader could take for a separator, and only those', () => {
    const body = 'From here\r\n>From there\r\n>>From  x\r\nFromage\r\n a From b\r\n';
    const entry = mboxEntry(Buffer.from(`Subject: x\r\n\r\n${body}`), 'n@s', at).toString();
    expect(entry.split('\n').slice(3, 8)).toEqual([
      '>From here',
      '>>From there',
      '>>>From  x',
      'Fromage',
      ' a From b',
    ]);
    // Exactly one line of the entry is a separator.
    expect(entry.match(/^From /gm)).toHaveLength(1);
  });
});
