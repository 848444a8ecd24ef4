/**
 * The admin's pages in Welsh or English (issue 18): an admin who chose Welsh gets every admin
 * page in Welsh, with lang="cy"; an admin who did not still gets them in English.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { demoIds, type DemoIds } from '../support/demo.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

/** As the page escapes it: Welsh has many apostrophes. */
const escaped = (words: string) => words.replace(/'/g, '&#x27;');

describe('the admin pages in Welsh and English', () => {
  let t: TestApp;
  let ids: DemoIds;
  let welsh = '';
  let english = '';

  const page = (path: string, token: string) =>
    request(t.http).get(path).set('Cookie', `sid=${token}`).expect(200);
  const language = (token: string, value: string) =>
    request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(token))
      .send({ language: value })
      .expect(200);

  beforeAll(async () => {
    t = await createTestApp({ clock: new FixedClock('2026-11-16T10:00:00.000Z') });
    ids = await demoIds(t);
    welsh = await t.login('admin@oak.example');
    english = await t.login('admin@elm.example');
    await language(welsh, 'cy');
  });

  afterAll(async () => {
    if (welsh) await language(welsh, 'school');
    await t?.close();
  });

  it('shows each admin page in Welsh to an admin who chose Welsh', async () => {
    const oak = `/admin/schools/${ids.school.OAK}`;
    const pages: Array<[string, string[]]> = [
      ['/admin', ['<h1>Gweinyddu</h1>', 'Gwirio&#x27;r log archwilio', 'Catalog y polisi']],
      [`${oak}/people`, ['<h1>Pobl yn ', 'Ychwanegu unigolyn', 'Pennaeth', 'Gweithredol']],
      [`${oak}/people/${ids.user('staff@oak.example')}`, ['Cadw&#x27;r rolau', 'Dadactifadu']],
      [`${oak}/settings`, ['<h1>Gweithdrefnau yn ', 'Cadw&#x27;r gosodiadau', 'Lloegr']],
      [`${oak}/sign-in`, ['<h1>Mewngofnodi ar gyfer ', 'Parthau e-bost a gaiff fewngofnodi']],
      [`${oak}/subject-access`, ['<h1>Ceisiadau gwrthrych am wybodaeth yn ', 'Cofnodi cais']],
      [`${oak}/policy/import`, ['<h1>Mewnforio polisi ', 'Cynnig cymalau']],
    ];
    for (const [path, words] of pages) {
      const shown = await page(path, welsh);
      expect([path, shown.text.includes('<html lang="cy">')]).toEqual([path, true]);
      for (const w of words) expect([path, shown.text.includes(w)]).toEqual([path, true]);
      // None of the English of these pages is left.
      for (const w of ['Back to', 'Save the', 'Check the', 'Import from your MIS', 'Record a'])
        expect([path, shown.text.includes(w)]).toEqual([path, false]);
    }
  });

  it('checks an import in Welsh, with the number of changes in words', async () => {
    const people = `/admin/schools/${ids.school.OAK}/people`;
    const form = await page(people, welsh);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const preview = await request(t.http)
      .post(`${people}/import?_csrf=${encodeURIComponent(csrf)}`)
      .set('Cookie', `sid=${welsh}`)
      .attach('file', Buffer.from('email,name,role\nnew.welsh@oak.example,Elin Parry,staff\n'), {
        filename: 'people.csv',
        contentType: 'text/csv',
      })
      .expect(200);
    expect(preview.text).toContain('<html lang="cy">');
    expect(preview.text).toContain(escaped("<h1>Gwirio'r mewnforio</h1>"));
    expect(preview.text).toContain('Mae 1 rhes yn barod.');
    expect(preview.text).toContain('Mewnforio 1 newid');
  });

  it('records a subject access request in Welsh, its dates with Welsh month names', async () => {
    const page = `/admin/schools/${ids.school.OAK}/subject-access`;
    const recorded = await request(t.http)
      .post(page)
      .set(bearer(welsh))
      .type('form')
      .send({ requesterName: 'Rhiant', personName: 'Cyn-ddisgybl', receivedOn: '2026-11-16' })
      .expect(303);
    const shown = await request(t.http)
      .get(recorded.headers.location)
      .set(bearer(welsh))
      .expect(200);
    expect(shown.text).toContain(escaped('Cofnodwyd y cais.'));
    expect(shown.text).toContain('<td>16 Tach 2026</td>');
    expect(shown.text).toContain('<td>16 Rhag 2026');
    expect(shown.text).toContain('<td>ddim eto</td>');
    expect(shown.text).toContain('<td>y pennaeth</td>');
  });

  it('refuses a bad policy catalogue in Welsh', async () => {
    const refused = await request(t.http)
      .post('/admin/policy')
      .set(bearer(welsh))
      .type('form')
      .send({
        schoolId: ids.school.OAK,
        catalogue: 'SM-01 | ab',
        approvedBy: 'Y corff llywodraethu llawn',
        approvedOn: '2026-11-16',
        reviewDue: '2027-11-16',
      })
      .expect(400);
    expect(refused.text).toContain('<html lang="cy">');
    expect(refused.text).toContain(
      escaped("Llinell 1 y catalog: rhaid i'r teitl fod rhwng 3 a 300 nod"),
    );
  });

  it('still shows the admin pages in English to an admin who did not choose Welsh', async () => {
    const home = await page('/admin', english);
    expect(home.text).toContain('<html lang="en-GB">');
    expect(home.text).toContain('<h1>Admin</h1>');
    expect(home.text).toContain('Check the audit log');
    expect(home.text).not.toContain('Gweinyddu</h1>');
    const people = await page(`/admin/schools/${ids.school.ELM}/people`, english);
    expect(people.text).toContain('Add a person');
    expect(people.text).toContain('Headteacher');
    const sar = await page(`/admin/schools/${ids.school.ELM}/subject-access`, english);
    expect(sar.text).toContain('<h1>Subject access requests at ');
    expect(sar.text).toContain('Record the request');
  });
});
