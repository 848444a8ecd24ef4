/**
 * Times as people enter them (issue 17 item 5): each file of a report or an upload carries its
 * own capture time, a blank one included; a referral given as a date is kept as that date, not
 * as 23:59 of it; and the reporter's own view shows what they entered.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { CaseSteps, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { png } from '../support/sample-files.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Each file's capture time by its hash: a case lists its files in its own order. */
const timesOf = (body: CaseBody) =>
  Object.fromEntries(
    (body.evidence as CaseBody[]).map((e) => [e.sha256 as string, e.capturedAt as string | null]),
  );
const FILES = [png(10, 10), png(11, 11), png(12, 12), png(13, 13)];

describe('capture times per file, dates kept as dates, and what the reporter entered', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok: Record<string, string> = {};
  const clock = new FixedClock('2026-12-02T10:00:00.000Z'); // a Wednesday

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    tok.staff = await t.login('staff@oak.example');
    tok.head = await t.login('head@oak.example');
  });
  afterAll(() => t.close());

  it('keeps each file’s own capture time, a blank one as none, on a report and on an upload', async () => {
    let req = request(t.http).post('/api/v1/reports').set(bearer(tok.staff));
    for (const [key, value] of Object.entries(
      baseReport(ids.school.OAK, { occurredAt: '2026-11-28T19:30' }),
    ))
      for (const v of Array.isArray(value) ? value : [value]) req = req.field(key, String(v));
    // The first file's time is not known; the second's is (UK time, as a form's box sends it).
    req = req
      .field('evidenceCapturedAt', '')
      .attach('evidence', FILES[0], { filename: 'a.png', contentType: 'image/png' })
      .field('evidenceCapturedAt', '2026-11-28T19:45')
      .attach('evidence', FILES[1], { filename: 'b.png', contentType: 'image/png' });
    const filed = (await req.expect(201)).body as CaseBody;
    expect(timesOf(filed)).toEqual({
      [sha(FILES[0])]: null,
      [sha(FILES[1])]: '2026-11-28T19:45:00.000Z',
    });

    // The same on an upload to the case; a time that is not one is refused by its name.
    const added = await request(t.http)
      .post(`/api/v1/cases/${filed.id}/evidence`)
      .set(bearer(tok.staff))
      .field('evidenceCapturedAt', '2026-11-29T08:00')
      .attach('evidence', FILES[2], { filename: 'c.png', contentType: 'image/png' })
      .field('evidenceCapturedAt', '')
      .attach('evidence', FILES[3], { filename: 'd.png', contentType: 'image/png' })
      .expect(201);
    const expected = {
      [sha(FILES[0])]: null,
      [sha(FILES[1])]: '2026-11-28T19:45:00.000Z',
      [sha(FILES[2])]: '2026-11-29T08:00:00.000Z',
      [sha(FILES[3])]: null,
    };
    expect(timesOf(added.body as CaseBody)).toEqual(expected);
    const bad = await request(t.http)
      .post(`/api/v1/cases/${filed.id}/evidence`)
      .set(bearer(tok.staff))
      .field('evidenceCapturedAt', 'yesterday')
      .attach('evidence', png(14, 14), { filename: 'e.png', contentType: 'image/png' })
      .expect(400);
    expect(bad.body.message).toEqual(['evidenceCapturedAt must be a date and time']);

    // The reporter sees what they entered: when it happened, where, and their files' times.
    const mine = await steps.get(tok.staff, filed.id as string);
    expect(mine).toMatchObject({
      occurredAt: '2026-11-28T19:30:00.000Z',
      platform: 'facebook',
      clauseCodes: ['SM-05'],
      subject: null,
      reporter: null,
      timeline: [],
    });
    expect(timesOf(mine)).toEqual(expected);
    const page = await request(t.http).get(`/cases/${filed.id}`).set(bearer(tok.staff)).expect(200);
    expect(page.text).toMatch(/<dt>Happened<\/dt><dd>28 Nov 2026, 19:30<\/dd>/);
    expect(page.text).not.toMatch(/<dt>Happened<\/dt><dd>—/);
  });

  it('keeps a referral given as a date as that date, on the case, its page and the HR file', async () => {
    const filed = (
      await request(t.http)
        .post('/api/v1/reports')
        .set(bearer(tok.staff))
        .send(baseReport(ids.school.OAK, { occurredAt: '2026-11-27T12:00:00.000Z' }))
        .expect(201)
    ).body as CaseBody;
    await steps.triage(tok.head, filed.id as string, 'conduct_breach');
    const referred = await steps
      .post(tok.head, `/api/v1/cases/${filed.id}/referrals`, {
        agency: 'police',
        reference: 'PC-28',
        referredAt: '2026-11-28',
      })
      .expect(201);
    expect(referred.body.referrals).toMatchObject([
      { agency: 'police', reference: 'PC-28', referredAt: '2026-11-28' },
    ]);
    // A day still in the future is refused, as a time is.
    await steps
      .post(tok.head, `/api/v1/cases/${filed.id}/referrals`, {
        agency: 'police',
        referredAt: '2026-12-03',
      })
      .expect(400);

    const page = await request(t.http).get(`/cases/${filed.id}`).set(bearer(tok.head)).expect(200);
    expect(page.text).toContain('28 Nov 2026');
    expect(page.text).not.toContain('28 Nov 2026, 23:59');
    const file = await request(t.http)
      .get(`/api/v1/cases/${filed.id}/case-file.pdf?variant=hr`)
      .set(bearer(tok.head))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const words = (await pdfText(file.body as Buffer)).replace(/\s+/g, ' ');
    expect(words).toContain('PC-28');
    expect(words).toContain('28 Nov 2026');
    expect(words).toMatch(/Police PC-28 28 Nov 2026 2 Dec 2026/);
    expect(words).not.toContain('28 Nov 2026, 23:59');
  });
});
