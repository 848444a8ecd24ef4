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
      // The answers offered come from the case vocabulary, in Welsh too.
      'Nac ydy',
      'Aelod o staff',
      'Arall',
    ])
      expect(form.text).toContain(escaped(words));
    for (const words of [
      'Report a concern',
      'What happened?',
      'Send the report',
      'Screenshot 1',
      'I am not sure',
      'A member of staff',
    ])
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

  it('shows the other staff pages in Welsh to a Welsh speaker', async () => {
    const inWelsh = async (email: string) => {
      const token = await t.login(email);
      await request(t.http)
        .put('/api/v1/auth/me/language')
        .set(bearer(token))
        .send({ language: 'cy' })
        .expect(200);
      return token;
    };
    const head = await inWelsh('head@oak.example');
    const governor = await inWelsh('governor@oak.example');
    for (const [path, token, heading] of [
      ['/notifications', welsh, 'Hysbysiadau'],
      ['/reports/mine', welsh, 'Fy adroddiadau'],
      ['/policy/acknowledge', welsh, 'Darllen y polisi'],
      ['/account/second-factor', welsh, 'Diogelwch mewngofnodi'],
      ['/policy/acknowledgements', head, 'Cydnabod y polisi'],
      ['/governors', governor, 'Llywodraethwyr'],
    ] as const) {
      const shown = await page(path, token);
      expect([path, shown.status]).toEqual([path, 200]);
      expect(shown.text).toContain('<html lang="cy">');
      expect(shown.text).toContain(`<h1>${escaped(heading)}</h1>`);
    }
    const board = await page('/governors', governor).expect(200);
    expect(board.text).toMatch(/Tymor (yr hydref|y gwanwyn|yr haf) \d{4}/);
    expect(board.text).not.toContain('Decided cases');
  });

  it('shows the sign-in pages in Welsh to someone who asked for Welsh', async () => {
    for (const [path, heading] of [
      ['/password/forgot?lang=cy', 'Wedi anghofio eich cyfrinair?'],
      ['/login/sso?lang=cy', 'Mewngofnodi gyda chyfrif eich ysgol'],
      ['/invitation?token=no-such-link&lang=cy', 'Dewiswch eich cyfrinair'],
    ] as const) {
      const shown = await request(t.http).get(path).expect(200);
      expect(shown.text).toContain('<html lang="cy">');
      expect(shown.text).toContain(`<h1>${escaped(heading)}</h1>`);
    }
    const dead = await request(t.http).get('/invitation?token=no-such-link&lang=cy');
    expect(dead.text).toContain(escaped("Nid yw'r ddolen hon yn gweithio mwyach"));
    const english = await request(t.http).get('/password/forgot').expect(200);
    expect(english.text).toContain('<h1>Forgotten your password?</h1>');
  });

  it('refuses a school sign-in in Welsh, and keeps Welsh from the sign-in page to the next', async () => {
    const signIn = await request(t.http).get('/login?lang=cy').expect(200);
    expect(signIn.text).toContain('href="/password/forgot?lang=cy"');
    expect(signIn.text).toContain('href="/login/sso?lang=cy"');

    const form = await request(t.http).get('/login/sso?lang=cy').expect(200);
    const cookies = (form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const refused = await request(t.http)
      .post('/login/sso?lang=cy')
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ _csrf: csrf, email: 'staff@oak.example', next: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<html lang="cy">');
    expect(refused.text).toContain(
      escaped(
        'Nid yw eich ysgol yn mewngofnodi gyda chyfrif ysgol yma. Defnyddiwch eich cyfrinair.',
      ),
    );
  });
});
