/**
 * The chain of custody of a case's evidence (DOMAIN.md §7; issue 17, item 6): who added each
 * item, who downloaded it, and who viewed it in the browser. A download puts a copy somewhere
 * else, so each is a row of its own; views are many (every case page shows the thumbnails), so
 * one person's views of one item are one row: "Viewed 5 times, first …, last …". Pure: the
 * callers read the rows and name the people.
 */

/** The audit actions that open an item: a download (a copy leaves) and a view (shown inline). */
export const CUSTODY_ACTIONS = ['evidence.downloaded', 'evidence.viewed'] as const;

export interface CustodyItem {
  id: string;
  receivedAt: Date;
  addedById: string;
}

export interface CustodyOpening {
  at: Date;
  actorId: string | null;
  targetId: string | null;
  action: string;
}

export interface CustodyRow {
  /** When it happened (for grouped views, the first). */
  at: Date;
  itemId: string;
  actorId: string | null;
  what: 'added' | 'downloaded' | 'viewed';
  /** Grouped views: how many, and the last. */
  count: number;
  lastAt: Date;
}

export function custodyRows(items: CustodyItem[], openings: CustodyOpening[]): CustodyRow[] {
  const known = new Set(items.map((i) => i.id));
  const rows: CustodyRow[] = items.map((i) => ({
    at: i.receivedAt,
    itemId: i.id,
    actorId: i.addedById,
    what: 'added',
    count: 1,
    lastAt: i.receivedAt,
  }));
  const views = new Map<string, CustodyRow>();
  for (const o of openings) {
    if (!o.targetId || !known.has(o.targetId)) continue;
    if (o.action === 'evidence.downloaded') {
      rows.push({
        at: o.at,
        itemId: o.targetId,
        actorId: o.actorId,
        what: 'downloaded',
        count: 1,
        lastAt: o.at,
      });
    } else if (o.action === 'evidence.viewed') {
      const key = `${o.targetId}/${o.actorId ?? ''}`;
      const row = views.get(key);
      if (row) {
        row.count++;
        if (o.at > row.lastAt) row.lastAt = o.at;
        if (o.at < row.at) row.at = o.at;
      } else {
        const fresh: CustodyRow = {
          at: o.at,
          itemId: o.targetId,
          actorId: o.actorId,
          what: 'viewed',
          count: 1,
          lastAt: o.at,
        };
        views.set(key, fresh);
        rows.push(fresh);
      }
    }
  }
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime());
}
