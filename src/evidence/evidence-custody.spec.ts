import { describe, expect, it } from '@jest/globals';
import { custodyRows, type CustodyRow } from './evidence-custody.js';

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
    const minute = (d: Date) => d.getUTCMinutes();
    const shown = (r: CustodyRow) =>
      r.what === 'viewed' && r.count > 1
        ? `viewed ${r.count} times, ${minute(r.at)}-${minute(r.lastAt)}`
        : r.what;
    expect(rows.map((r) => [r.itemId, r.actorId, shown(r)])).toEqual([
      ['i1', 'reporter', 'added'],
      ['i2', 'reporter', 'added'],
      ['i1', 'head', 'viewed 3 times, 5-8'],
      ['i1', 'head', 'downloaded'],
      ['i1', 'hr', 'viewed'],
      ['i2', 'head', 'viewed'],
      ['i1', 'head', 'downloaded'],
    ]);
  });
});
