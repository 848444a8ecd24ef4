/**
 * An API error's `message` is in the caller's language (issue 18): a signed-in person's own
 * choice, else their school's; for anyone else, their browser's. The status, `error` and `code`
 * are the contract's and never change; English is word for word what it always was.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const NO_SUCH_CASE = '/api/v1/cases/00000000-0000-4000-8000-000000000000';

describe('API errors in Welsh and English', () => {
  let t: TestApp;
  let welsh: string;
  let english: string;

  beforeAll(async () => {
    t = await createTestApp();
    welsh = await t.login('staff@oak.example');
    english = await t.login('staff2@oak.example');
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(welsh))
      .send({ language: 'cy' })
      .expect(200);
  });

  afterAll(async () => {
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(welsh))
      .send({ language: 'school' });
    await t?.close();
  });

  it('says "not found" in the caller’s language, with the same code', async () => {
    const cy = await request(t.http).get(NO_SUCH_CASE).set(bearer(welsh)).expect(404);
    const en = await request(t.http).get(NO_SUCH_CASE).set(bearer(english)).expect(404);
    expect(cy.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: "Heb ddod o hyd i'r achos",
      code: 'NOT_FOUND',
    });
    expect(en.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Case not found',
      code: 'NOT_FOUND',
    });
  });

  it('lists a validation failure field by field, in Welsh for a Welsh speaker', async () => {
    const body = { language: 'fr', colour: 'red' };
    const cy = await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(welsh))
      .send(body)
      .expect(400);
    const en = await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(english))
      .send(body)
      .expect(400);
    expect(cy.body.code).toBe('VALIDATION_FAILED');
    expect(en.body.code).toBe('VALIDATION_FAILED');
    expect(en.body.message).toEqual([
      'property colour should not exist',
      'language must be English (en), Welsh (cy) or school',
    ]);
    expect(cy.body.message).toEqual(['Ni dderbynnir y maes colour.', 'Nid yw language yn ddilys.']);
  });

  it('follows the browser for someone not signed in', async () => {
    const cy = await request(t.http)
      .get('/api/v1/auth/me')
      .set('Accept-Language', 'cy-GB,cy;q=0.9,en;q=0.5')
      .expect(401);
    const en = await request(t.http).get('/api/v1/auth/me').expect(401);
    expect(cy.body).toMatchObject({
      code: 'AUTH_REQUIRED',
      message: 'Nid ydych wedi mewngofnodi.',
    });
    expect(en.body).toMatchObject({ code: 'AUTH_REQUIRED', message: 'Not signed in' });
    // A signed-in person's own language wins over their browser's.
    const chosen = await request(t.http)
      .get(NO_SUCH_CASE)
      .set(bearer(english))
      .set('Accept-Language', 'cy')
      .expect(404);
    expect(chosen.body.message).toBe('Case not found');
  });

  it("says a case's refusal in the owner's own language, word for word", async () => {
    const ids = await demoIds(t);
    const filed = await fileReport(t, english, baseReport(ids.school.OAK)).expect(201);
    const head = await t.login('head@oak.example');
    const reclassify = () =>
      request(t.http)
        .post(`/api/v1/cases/${filed.body.id}/reclassify`)
        .set(bearer(head))
        .send({ classification: 'conduct_breach', reason: 'It is something else.', version: 1 })
        .expect(409);
    const choose = (language: string) =>
      request(t.http)
        .put('/api/v1/auth/me/language')
        .set(bearer(head))
        .send({ language })
        .expect(200);
    await choose('cy');
    const cy = await reclassify();
    await choose('school');
    const en = await reclassify();
    expect(cy.body.code).toBe('CASE_INVALID_TRANSITION');
    expect(cy.body.message).toBe(
      "Brysbennwch yr achos yn gyntaf; ailddosbarthwch ef yn nes ymlaen os yw'n troi allan yn rhywbeth arall.",
    );
    expect(en.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'Triage the case first; reclassify it later if it turns out to be something else.',
      code: 'CASE_INVALID_TRANSITION',
    });
  });

  it('refuses a malformed body in Welsh, still with its code', async () => {
    const cy = await request(t.http)
      .post('/api/v1/auth/login')
      .set('Accept-Language', 'cy')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(cy.body).toMatchObject({
      code: 'MALFORMED_BODY',
      message: "Nid yw corff y cais wedi'i ffurfio'n gywir.",
    });
  });
});
