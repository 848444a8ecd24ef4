import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { ResponseCache } from '../../src/common/http/response-cache.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { onPostgres } from '../support/test-database.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

/**
 * The case lists reuse an answer while nothing has changed (ResponseCache, DatabaseVersion).
 * What matters is that nobody is ever shown a list, or let in, on the strength of rows that
 * have since changed: every case here changes something and asks again at once.
 */
describe('answers reused while nothing has changed', () => {
  const clock = new FixedClock('2026-11-16T08:00:00.000Z');
  let t: TestApp;
  let cache: ResponseCache;
  let schoolId: string;
  let staff: string;
  let head: string;

  const list = (token: string) =>
    request(t.http).get('/api/v1/cases?limit=100').set(bearer(token)).expect(200);
  const references = (res: request.Response) =>
    (res.body as { items: { reference: string }[] }).items.map((c) => c.reference);

  async function file(description: string): Promise<string> {
    const res = await request(t.http)
      .post('/api/v1/reports')
      .set(bearer(staff))
      .send({
        schoolId,
        type: 'online_abuse',
        description,
        occurredAt: '2026-11-13T18:30:00.000Z',
        subjectRelationship: 'parent',
        platform: 'facebook',
        safeguarding: false,
        confidentialReporter: false,
      })
      .expect(201);
    // The report's jobs (notices, mail) write too, and any write is a change: let them finish,
    // so that "nothing has changed since" is true when a test says so.
    await t.app.get(JobQueue).drained();
    return (res.body as { reference: string }).reference;
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    cache = t.app.get(ResponseCache);
    staff = await t.login('staff@oak.example');
    head = await t.login('head@oak.example');
    const me = await request(t.http).get('/api/v1/auth/me').set(bearer(staff)).expect(200);
    schoolId = (me.body as { memberships: { schoolId: string }[] }).memberships[0].schoolId;
  });
  afterAll(() => t.close());

  it('gives the same bytes again, and shows a new report on the very next ask', async () => {
    const first = await file('Abusive comments posted under the school page.');
    const before = { ...cache.counts };
    const a = await list(head);
    const b = await list(head);
    expect(b.text).toBe(a.text);
    expect(b.headers['content-type']).toMatch(/^application\/json/);
    expect(references(a)).toContain(first);
    if (onPostgres()) {
      // Other instances write through their own connections: nothing can be known unchanged.
      expect(cache.counts.reused).toBe(before.reused);
      return;
    }
    expect(cache.counts.reused).toBe(before.reused + 1);

    const second = await file('A second parent repeated the comments in a group chat.');
    expect(references(await list(head))).toContain(second);
  });

  it('works the list out again once a second has passed, for the clocks in it', async () => {
    await list(head);
    const before = { ...cache.counts };
    clock.advance(999);
    await list(head);
    clock.advance(2);
    await list(head);
    // PostgreSQL counts nothing: nothing there is ever kept.
    const expected = onPostgres()
      ? before
      : { reused: before.reused + 1, workedOut: before.workedOut + 1 };
    expect(cache.counts).toEqual(expected);
  });

  it('keeps one person’s list from another: same URL, another session', async () => {
    const other = await t.login('head@oak.example');
    const mine = await list(head);
    const theirs = await list(other);
    expect(theirs.text).toBe(mine.text);
    // A reporter's own list at the same URL is not the head's.
    const reporter = await list(staff);
    expect(reporter.text).not.toBe(mine.text);
  });

  it('lets nobody in on a session ended a moment ago, through the API or the page', async () => {
    const token = await t.login('head@oak.example');
    await list(token);
    await request(t.http).get('/cases').set(bearer(token)).expect(200);
    await request(t.http).post('/api/v1/auth/logout').set(bearer(token)).expect(204);
    await request(t.http).get('/api/v1/cases').set(bearer(token)).expect(401);
    await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });

  it('sees a change another process wrote to the database file', async () => {
    if (onPostgres()) return; // one SQLite file shared with the CLI; PostgreSQL reuses nothing
    const token = await t.login('head@oak.example');
    await list(token);
    await list(token);
    // As the CLI would: its own connection to the same file, ending every session of the head.
    const other = new Database(join(t.database.dataDir, 'cases.sqlite'));
    try {
      other
        .prepare(`UPDATE session SET "revokedAt" = ? WHERE "revokedAt" IS NULL`)
        .run(clock.now().toISOString());
    } finally {
      other.close();
    }
    await request(t.http).get('/api/v1/cases').set(bearer(token)).expect(401);
    head = await t.login('head@oak.example');
  });

  it('shows the case page list in the language just chosen', async () => {
    const english = await request(t.http).get('/cases').set(bearer(head)).expect(200);
    expect(english.text).toContain('<html lang="en-GB">');
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(head))
      .send({ language: 'cy' })
      .expect(200);
    const welsh = await request(t.http).get('/cases').set(bearer(head)).expect(200);
    expect(welsh.text).toContain('<html lang="cy">');
    expect(welsh.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('answers never reused with RESPONSE_CACHE=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RESPONSE_CACHE: 'false' } });
  });
  afterAll(() => t.close());

  it('works every list out afresh', async () => {
    const head = await t.login('head@oak.example');
    const cache = t.app.get(ResponseCache);
    for (let i = 0; i < 3; i++)
      await request(t.http).get('/api/v1/cases').set(bearer(head)).expect(200);
    expect(cache.counts).toEqual({ reused: 0, workedOut: 0 });
  });
});
