/**
 * Welsh or English (issue 18): a person's own choice, else their school's default, else the
 * browser's for someone not signed in; the pages' shared words follow it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { demoIds, type DemoIds } from '../support/demo.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

/** As the page escapes it: Welsh has many apostrophes. */
const escaped = (words: string) => words.replace(/'/g, '&#x27;');

const page = (t: TestApp, path: string, token: string) =>
  request(t.http).get(path).set('Cookie', `sid=${token}`);

describe('Welsh and English', () => {
  let t: TestApp;
  let ids: DemoIds;

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('speaks to someone not signed in in the language they pick, else their browser’s', async () => {
    const english = await request(t.http).get('/login').expect(200);
    expect(english.text).toContain('<html lang="en-GB">');
    expect(english.text).toContain('Use the account your school gave you.');
    expect(english.text).toContain('Darllen y dudalen hon yn Gymraeg');

    const picked = await request(t.http).get('/login?lang=cy').expect(200);
    expect(picked.text).toContain('<html lang="cy">');
    expect(picked.text).toContain('Defnyddiwch y cyfrif a roddodd eich ysgol i chi.');
    expect(picked.text).toContain('<title>Mewngofnodi · Traciwr achosion ysgol</title>');
    expect(picked.text).not.toContain('Use the account your school gave you.');

    const browser = await request(t.http)
      .get('/login')
      .set('Accept-Language', 'cy-GB,cy;q=0.9,en;q=0.5')
      .expect(200);
    expect(browser.text).toContain('<html lang="cy">');

    // A form from another site is refused in Welsh too.
    const forged = await request(t.http)
      .post('/login?lang=cy')
      .type('form')
      .send({ email: 'staff@oak.example', password: 'not the password' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain(escaped("Mae'r ffurflen hon wedi dod i ben"));
    const cookies = (picked.headers['set-cookie'] as unknown as string[]).map(
      (c) => c.split(';')[0],
    );
    const csrf = /name="_csrf" value="([^"]+)"/.exec(picked.text)![1];
    const refused = await request(t.http)
      .post('/login?lang=cy')
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ _csrf: csrf, email: 'staff@oak.example', password: 'not the password' });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain(escaped("Nid yw'r cyfeiriad e-bost neu'r cyfrinair yn gywir."));
  });

  it('keeps a person’s own choice, follows their school otherwise, and refuses anything else', async () => {
    const staff = await t.login('staff2@oak.example');
    const me = () => request(t.http).get('/api/v1/auth/me').set(bearer(staff)).expect(200);
    expect((await me()).body.language).toBe('en');

    const chosen = await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(staff))
      .send({ language: 'cy' })
      .expect(200);
    expect(chosen.body.language).toBe('cy');
    const reports = await page(t, '/reports/mine', staff).expect(200);
    expect(reports.text).toContain('<html lang="cy">');
    expect(reports.text).toContain('Fy adroddiadau');
    expect(reports.text).toContain('Allgofnodi');

    const bad = await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(staff))
      .send({ language: 'fr' })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    // Back to the school's, then the admin makes the school's default Welsh.
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(staff))
      .send({ language: 'school' })
      .expect(200);
    expect((await me()).body.language).toBe('en');
    const admin = await t.login('admin@oak.example');
    const settings = `/api/v1/schools/${ids.school.OAK}/settings`;
    const current = (await request(t.http).get(settings).set(bearer(admin)).expect(200)).body;
    expect(current.language).toBe('en');
    const form = Object.fromEntries(
      Object.entries(current as Record<string, unknown>).filter(
        ([k]) => !['schoolId', 'customised', 'updatedAt'].includes(k),
      ),
    );
    const saved = await request(t.http)
      .put(settings)
      .set(bearer(admin))
      .send({ ...form, language: 'cy' })
      .expect(200);
    expect(saved.body.language).toBe('cy');
    expect((await me()).body.language).toBe('cy');
    // A person who chose English keeps it whatever the school's default.
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(staff))
      .send({ language: 'en' })
      .expect(200);
    expect((await me()).body.language).toBe('en');
    // Another school's people are untouched.
    const elm = await t.login('head@elm.example');
    expect(
      (await request(t.http).get('/api/v1/auth/me').set(bearer(elm)).expect(200)).body.language,
    ).toBe('en');
    await request(t.http)
      .put(settings)
      .set(bearer(admin))
      .send({ ...form, language: 'en' })
      .expect(200);
  });

  it('shows a Welsh error page to a Welsh speaker', async () => {
    const staff = await t.login('staff@oak.example');
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(staff))
      .send({ language: 'cy' })
      .expect(200);
    const missing = await page(t, '/cases/00000000-0000-4000-8000-000000000000', staff);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain(escaped("Heb ddod o hyd i'r dudalen"));
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(staff))
      .send({ language: 'school' })
      .expect(200);
  });
});
