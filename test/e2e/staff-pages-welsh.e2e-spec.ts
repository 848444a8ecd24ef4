/**
 * The staff pages in Welsh for a Welsh speaker (issue 18): the report form above all, its
 * refusals in Welsh, and the other pages staff use; still English for everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { baseReport, demoIds, type DemoIds } from '../support/demo.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

/** As the page escapes it: Welsh has many apostrophes. */
const escaped = (words: string) => words.replace(/'/g, '&#x27;');

describe('the staff pages in Welsh', () => {
  let t: TestApp;
  let ids: DemoIds;
  let welsh: string;
  let english: string;

  const page = (path: string, token: string) =>
    request(t.http).get(path).set(bearer(token)).redirects(0);

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
    welsh = await t.login('staff2@oak.example');
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(welsh))
      .send({ language: 'cy' })
      .expect(200);
    english = await t.login('staff@oak.example');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('asks for a report in Welsh, every label and choice', async () => {
    const form = await page('/reports/new', welsh).expect(200);
    expect(form.text).toContain('<html lang="cy">');
    expect(form.text).toContain('<h1>Rhoi gwybod am bryder</h1>');
    for (const words of [
      'Pa fath o bryder yw hwn?',
      'Beth ddigwyddodd?',
      'Pryd y cafodd ei bostio neu ei wneud?',
      'Ydy hyn am y pennaeth?',
      'Sgrinlun 1',
      'Anfon yr adroddiad',
      'Dewiswch un',
    ])
      expect(form.text).toContain(escaped(words));
    for (const words of ['Report a concern', 'What happened?', 'Send the report', 'Screenshot 1'])
      expect(form.text).not.toContain(words);
  });

  it('still asks in English for an English speaker', async () => {
    const form = await page('/reports/new', english).expect(200);
    expect(form.text).toContain('<html lang="en-GB">');
    expect(form.text).toContain('<h1>Report a concern</h1>');
    expect(form.text).toContain('What happened?');
  });

  it('refuses a report in Welsh, naming the question as the form asked it', async () => {
    let req = request(t.http).post('/reports/new').set(bearer(welsh)).redirects(0);
    for (const [k, v] of Object.entries(
      baseReport(ids.school.OAK, { description: 'Too short', clauseCodes: [] }),
    ))
      req = req.field(k, Array.isArray(v) ? v.join(',') : String(v));
    const refused = await req;
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<html lang="cy">');
    expect(refused.text).toContain('<h2>Mae problem</h2>');
    expect(refused.text).toContain(
      escaped('Rhaid i “Beth ddigwyddodd?” fod rhwng 10 a 20,000 nod'),
    );
    expect(refused.text).toContain('<span class="visually-hidden">Gwall:</span>');
    expect(refused.text).not.toContain('There is a problem');
    expect(refused.text).not.toContain('must be between');
  });

  it('refuses a report in English for an English speaker, as before', async () => {
    let req = request(t.http).post('/reports/new').set(bearer(english)).redirects(0);
    for (const [k, v] of Object.entries(baseReport(ids.school.OAK, { description: 'Too short' })))
      req = req.field(k, Array.isArray(v) ? v.join(',') : String(v));
    const refused = await req;
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<h2>There is a problem</h2>');
    expect(refused.text).toContain('“What happened?” must be between 10 and 20,000 characters');
  });
});
