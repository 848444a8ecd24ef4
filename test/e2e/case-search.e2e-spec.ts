/**
 * `GET /api/v1/cases?q=`: what a search finds, for whom, in what order. The service answers a
 * search in two steps (the newest cases row by row, the older ones from the trigram indexes;
 * CasesService.list()), so every search here runs with windows of every size from "all the
 * older cases through the indexes" to "every case row by row" and must give the same pages.
 * Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CaseRecord } from '../../src/cases/case.entity.js';
import { CasesService } from '../../src/cases/cases.service.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

type Who = 'staff' | 'staff2' | 'head' | 'governor' | 'headElm';

/** The reports filed here, oldest first: who files each, its text and subject. */
const REPORTS: { by: 'staff' | 'staff2'; description: string; subjectName: string }[] = [
  {
    by: 'staff',
    description: 'A Kestrel account posted photos of pupils.',
    subjectName: 'Ann Lee',
  },
  { by: 'staff2', description: 'A 50%_off voucher code was shared.', subjectName: 'Bob Kestrel' },
  { by: 'staff', description: 'Rude remarks about a colleague.', subjectName: 'Kim Kestrel' },
  { by: 'staff2', description: 'A kestrel livestream from the playground.', subjectName: 'Al Day' },
  { by: 'staff', description: 'A sale at 500 off was advertised.', subjectName: 'Cy Moss' },
  { by: 'staff', description: 'Photos of sports day were posted.', subjectName: 'Di Vale' },
];

describe('case search', () => {
  let t: TestApp;
  let ids: DemoIds;
  let service: CasesService;
  const tok = {} as Record<Who, string>;
  /** References of REPORTS, in the same order. */
  const refs: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
    service = t.app.get(CasesService);
    for (const who of ['staff', 'staff2', 'head', 'governor'] as const)
      tok[who] = await t.login(`${who}@oak.example`);
    tok.headElm = await t.login('head@elm.example');
    const base = Date.parse('2026-11-02T09:00:00.000Z');
    for (const [i, r] of REPORTS.entries()) {
      const body = (
        await fileReport(
          t,
          tok[r.by],
          baseReport(ids.school.OAK, { description: r.description, subjectName: r.subjectName }),
        ).expect(201)
      ).body as { id: string; reference: string };
      refs.push(body.reference);
      // Distinct report times an hour apart, so the order (and where a window ends) is known.
      await t.dataSource
        .getRepository(CaseRecord)
        .update(body.id, { reportedAt: new Date(base + i * 3_600_000) });
    }
  });
  afterAll(() => t.close());

  /** Every page of the list, two at a time, with the given window: references in order. */
  async function listWith(who: Who, params: string, window: number): Promise<string[]> {
    service.newestWindow = window;
    const found: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const query: string = `${params}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await request(t.http).get(`/api/v1/cases?${query}`).set(bearer(tok[who]));
      expect(res.status).toBe(200);
      const body = res.body as { items: { reference: string }[]; nextCursor: string | null };
      found.push(...body.items.map((i) => i.reference));
      cursor = body.nextCursor;
      if (!cursor) return found;
    }
    throw new Error('more pages than cases');
  }

  /** The list's result, checked to be the same whichever step finds which case. */
  async function list(who: Who, params: string): Promise<string[]> {
    // A window past every case: each case tested row by row, the plain definition.
    const plain = await listWith(who, params, 100_000);
    for (const window of [0, 1, 2, 3, 5]) {
      expect({ window, found: await listWith(who, params, window) }).toEqual({
        window,
        found: plain,
      });
    }
    return plain;
  }

  const search = (who: Who, q: string) => list(who, `q=${encodeURIComponent(q)}`);

  const newestFirst = (...indexes: number[]) => indexes.sort((a, b) => b - a).map((i) => refs[i]);

  it('finds report text and subject names for the owner, newest first, ignoring case', async () => {
    expect(await search('head', 'kestrel')).toEqual(newestFirst(0, 1, 2, 3));
    expect(await search('head', 'KESTREL LIVE')).toEqual(newestFirst(3));
    expect(await search('head', 'xylophone')).toEqual([]);
  });

  it('finds a reporter their own descriptions only, never the subject name', async () => {
    expect(await search('staff', 'kestrel')).toEqual(newestFirst(0));
    expect(await search('staff2', 'kestrel')).toEqual(newestFirst(3));
    expect(await search('staff', 'livestream')).toEqual([]);
  });

  it('finds a governor no text, and another school nothing', async () => {
    expect(await search('governor', 'kestrel')).toEqual([]);
    expect(await search('governor', refs[0])).toEqual([]);
    expect(await search('headElm', 'kestrel')).toEqual([]);
    expect(await search('headElm', refs[0])).toEqual([]);
  });

  it('finds a reference whole, by its start, and by a piece from its middle', async () => {
    expect(await search('head', refs[0])).toEqual([refs[0]]);
    expect(await search('head', refs[0].toLowerCase())).toEqual([refs[0]]);
    // Anyone who sees the case finds it by reference, a reporter included.
    expect(await search('staff', refs[2])).toEqual([refs[2]]);
    expect(await search('staff', refs[1])).toEqual([]);
    const prefix = refs[0].slice(0, refs[0].lastIndexOf('-') + 1); // OAK-2026-
    const byPrefix = await search('head', prefix);
    expect(byPrefix).toEqual(expect.arrayContaining(refs));
    expect(byPrefix.every((r) => r.startsWith(prefix))).toBe(true);
    const middle = refs[0].slice(refs[0].indexOf('-') + 1); // 2026-0003
    const byMiddle = await search('head', middle);
    expect(byMiddle).toContain(refs[0]);
    expect(byMiddle.every((r) => r.includes(middle))).toBe(true);
  });

  it('finds a case by its new reference once the reference changes (another reference line)', async () => {
    const repo = t.dataSource.getRepository(CaseRecord);
    const record = await repo.findOneByOrFail({ reference: refs[5] });
    const renamed = `${refs[5].slice(0, refs[5].indexOf('-'))}-2026-D9876`;
    await repo.update(record.id, { reference: renamed });
    try {
      expect(await search('head', 'D9876')).toEqual([renamed]);
      expect(await search('head', refs[5])).toEqual([]);
    } finally {
      await repo.update(record.id, { reference: refs[5] });
    }
    expect(await search('head', refs[5])).toEqual([refs[5]]);
  });

  it('searches terms shorter than three characters, and % and _ as themselves', async () => {
    const short = await search('head', '50');
    expect(short).toEqual(expect.arrayContaining([refs[1], refs[4]]));
    expect(await search('head', '50%')).toEqual([refs[1]]);
    expect(await search('head', '%_off')).toEqual([refs[1]]);
    expect(await search('head', '_off')).toEqual([refs[1]]);
    expect(await search('head', 'a_sale')).toEqual([]);
  });

  it('lists overdue cases newest first, whichever step finds them', async () => {
    const repo = t.dataSource.getRepository(CaseRecord);
    const past = new Date(Date.parse('2026-11-01T09:00:00.000Z'));
    const future = new Date(Date.parse('2099-01-01T09:00:00.000Z'));
    for (const [i, ref] of refs.entries()) {
      const record = await repo.findOneByOrFail({ reference: ref });
      await repo.update(record.id, { dueAt: [1, 3, 4].includes(i) ? past : future });
    }
    const overdue = await list('head', 'overdue=true');
    expect(overdue).toEqual(expect.arrayContaining(newestFirst(1, 3, 4)));
    expect(overdue.filter((r) => refs.includes(r))).toEqual(newestFirst(1, 3, 4));
    expect(await list('head', `overdue=true&q=kestrel`)).toEqual(newestFirst(1, 3));
    expect(await list('staff', 'overdue=true')).toEqual(newestFirst(4));
  });
});
