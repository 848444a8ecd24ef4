import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const binary = (r: request.Test) =>
  r.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** DOMAIN.md §10: staff acknowledge each version; the head sees who has not; the HR file says. */
describe('acknowledging the policy', () => {
  let t: TestApp;
  let ids: DemoIds;
  const tok: Record<string, string> = {};
  const acknowledgements = () => `/api/v1/schools/${ids.school.OAK}/policy/acknowledgements`;

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
    for (const who of ['staff', 'staff2', 'head', 'admin', 'governor'])
      tok[who] = await t.login(`${who}@oak.example`);
    tok.headElm = await t.login('head@elm.example');
  });
  afterAll(() => t.close());

  it('asks for nothing while the school has only the model catalogue', async () => {
    const res = await request(t.http).get(acknowledgements()).set(bearer(tok.head)).expect(200);
    expect(res.body).toEqual({ version: null, acknowledged: [], outstanding: [] });
    await request(t.http)
      .post(acknowledgements())
      .set(bearer(tok.staff))
      .send({ version: 1 })
      .expect(409);
  });

  it('records an acknowledgement of the version in force once, and shows the head who has not', async () => {
    await request(t.http)
      .post(`/api/v1/schools/${ids.school.OAK}/policy/versions`)
      .set(bearer(tok.admin))
      .send({
        approvedBy: 'Full governing body',
        approvedOn: '2025-09-01',
        reviewDue: '2027-09-01',
        clauses: [
          { code: 'SM-01', title: 'A clause title' },
          { code: 'SM-05', title: 'Rude or threatening comments about the school' },
        ],
      })
      .expect(201);
    const stale = await request(t.http)
      .post(acknowledgements())
      .set(bearer(tok.staff))
      .send({ version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('POLICY_NOT_CURRENT');
    const first = await request(t.http)
      .post(acknowledgements())
      .set(bearer(tok.staff))
      .send({ version: 2 })
      .expect(201);
    expect(first.body.version).toBe(2);
    const again = await request(t.http)
      .post(acknowledgements())
      .set(bearer(tok.staff))
      .send({ version: 2 })
      .expect(201);
    expect(again.body.acknowledgedAt).toBe(first.body.acknowledgedAt);
    // A governor is not staff; another school's head is not of this school.
    await request(t.http)
      .post(acknowledgements())
      .set(bearer(tok.governor))
      .send({ version: 2 })
      .expect(403);
    await request(t.http)
      .post(acknowledgements())
      .set(bearer(tok.headElm))
      .send({ version: 2 })
      .expect(404);

    const status = await request(t.http).get(acknowledgements()).set(bearer(tok.head)).expect(200);
    expect(status.body.version).toBe(2);
    expect(status.body.acknowledged).toEqual([
      {
        userId: ids.user('staff@oak.example'),
        name: expect.any(String),
        acknowledgedAt: first.body.acknowledgedAt,
      },
    ]);
    const outstanding = status.body.outstanding.map((p: { userId: string }) => p.userId);
    for (const who of ['staff2', 'head', 'dsl', 'admin'])
      expect(outstanding).toContain(ids.user(`${who}@oak.example`));
    for (const who of ['governor', 'chair', 'staff'])
      expect(outstanding).not.toContain(ids.user(`${who}@oak.example`));
    await request(t.http).get(acknowledgements()).set(bearer(tok.staff)).expect(403);
    await request(t.http).get(acknowledgements()).set(bearer(tok.headElm)).expect(404);
  });

  it("shows in the HR case file whether and when the subject acknowledged the case's version", async () => {
    const about = async (subject: string) =>
      (
        await fileReport(
          t,
          tok.staff2,
          baseReport(ids.school.OAK, { subjectUserId: ids.user(subject) }),
        ).expect(201)
      ).body.id as string;
    const acknowledgedCase = await about('staff@oak.example');
    const notAcknowledgedCase = await about('dsl@oak.example');
    const hrText = async (id: string) =>
      pdfText(
        (
          await binary(
            request(t.http)
              .get(`/api/v1/cases/${id}/case-file.pdf?variant=hr`)
              .set(bearer(tok.head)),
          ).expect(200)
        ).body as Buffer,
      );
    expect(await hrText(acknowledgedCase)).toMatch(
      /Subject acknowledged this version Acknowledged on \d/,
    );
    expect(await hrText(notAcknowledgedCase)).toMatch(
      /Subject acknowledged this version Not acknowledged/,
    );
  });
});
