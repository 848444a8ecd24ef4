import { describe, expect, it } from '@jest/globals';
import { custodyRows, custodyWords } from './evidence-custody.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 16, 10, minute));
const items = [
  { id: 'i1', receivedAt: at(0), addedById: 'reporter' },
  { id: 'i2', receivedAt: at(1), addedById: 'reporter' },
];
const open = (action: string, minute: number, actorId = 'head', targetId = 'i1') => ({
  at: at(minute),
  actorId,
  targetId,
  action,
});

describe('chain of custody', () => {
  it('keeps each download, and groups one person’s views of one item', () => {
    const rows = custodyRows(items, [
      open('evidence.viewed', 5),
      open('evidence.viewed', 6),
      open('evidence.downloaded', 7),
      open('evidence.viewed', 8),
      open('evidence.viewed', 9, 'hr'),
      open('evidence.viewed', 10, 'head', 'i2'),
      open('evidence.downloaded', 11),
      open('evidence.viewed', 12, 'head', 'elsewhere'),
      open('case.read', 13),
    ]);
    const when = (d: Date) => `10:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    expect(rows.map((r) => [r.itemId, r.actorId, custodyWords(r, when)])).toEqual([
      ['i1', 'reporter', 'Added'],
      ['i2', 'reporter', 'Added'],
      ['i1', 'head', 'Viewed in the browser 3 times, first 10:05, last 10:08'],
      ['i1', 'head', 'Downloaded (a copy was saved)'],
      ['i1', 'hr', 'Viewed in the browser'],
      ['i2', 'head', 'Viewed in the browser'],
      ['i1', 'head', 'Downloaded (a copy was saved)'],
    ]);
  });
});
