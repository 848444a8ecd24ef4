/**
 * The owner's case page and the case lists in Welsh (issue 18, item 4): a head who chose Welsh
 * reads the list and the case, its forms and the move forms drawn from the workflow table in
 * Welsh, with lang="cy"; a head who did not still reads English.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { baseReport, demoIds, type DemoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

/** As the page escapes it: Welsh has many apostrophes. */
const escaped = (words: string) => words.replace(/'/g, '&#x27;');

describe('the case page and the case lists in Welsh and English', () => {
  let t: TestApp;
  let ids: DemoIds;
  let welshHead: string;
  let englishHead: string;
  let oakCase: string;
  let elmCase: string;

  const page = (path: string, token: string) =>
    request(t.http).get(path).set('Cookie', `sid=${token}`).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
    welshHead = await t.login('head@oak.example');
    englishHead = await t.login('head@elm.example');
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(welshHead))
      .send({ language: 'cy' })
      .expect(200);
    const oakStaff = await t.login('staff@oak.example');
    const elmStaff = await t.login('staff@elm.example');
    oakCase = (await fileReport(t, oakStaff, baseReport(ids.school.OAK)).expect(201)).body.id;
    elmCase = (await fileReport(t, elmStaff, baseReport(ids.school.ELM)).expect(201)).body.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('shows a Welsh head the list of cases in Welsh', async () => {
    const list = await page('/cases', welshHead);
    expect(list.text).toContain('<html lang="cy">');
    expect(list.text).toContain('<h1>Achosion</h1>');
    expect(list.text).toContain('<title>Achosion · ');
    expect(list.text).toContain('<label for="q">Chwilio</label>');
    expect(list.text).toContain('>Dangos achosion</button>');
    expect(list.text).toContain('<th scope="col">Y dyddiad cau nesaf</th>');
    // The one-line summary of each case, in Welsh around the reporter's own words.
    expect(list.text).toContain('Tom Reed (staff) · ar Facebook');
    // The case vocabulary (labels.json) in Welsh too: the status of a new report.
    expect(list.text).toContain(`<td>${escaped("Wedi'i adrodd")}</td>`);
    expect(list.text).not.toContain('Reports you are responsible for');
  });

  it('shows a Welsh head the case page in Welsh: headings, forms, move forms and buttons', async () => {
    const show = await page(`/cases/${oakCase}`, welshHead);
    expect(show.text).toContain('<html lang="cy">');
    expect(show.text).toMatch(/<h1>Achos [^<]+<\/h1>/);
    expect(show.text).toContain(`<strong>${escaped("Wedi'i adrodd")}</strong>`);
    for (const words of [
      '<h2>Yr adroddiad</h2>',
      '<h2>Tystiolaeth</h2>',
      '<h2>Beth y gallwch ei wneud nawr</h2>',
      '<h2>Trosglwyddo&#x27;r achos hwn</h2>',
      '<h3>Ychwanegu nodyn</h3>',
      '<h3>Brysbennu a dechrau ymchwilio</h3>',
      '>Dechrau ymchwilio</button>',
      '>Ychwanegu nodyn</button>',
      '<label for="toUserId">Ei drosglwyddo i</label>',
      'Lawrlwytho ffeil achos HR (PDF)',
      'Dosbarthiad',
      '<option value="">Dewiswch un</option>',
      '<option value="harm_threshold">Trothwy niwed (honiad)</option>',
      'Sgrinlun 1',
      escaped("Negeseuon gyda'r sawl a'i hadroddodd"),
    ])
      expect(show.text).toContain(words);
    expect(show.text).not.toContain('What you can do now');
    expect(show.text).not.toContain('Add a note');
    expect(show.text).not.toContain('Start investigating');
  });

  it('shows HR who chose Welsh their list in Welsh', async () => {
    const hr = await t.login('hr@council.example');
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(hr))
      .send({ language: 'cy' })
      .expect(200);
    const list = await page('/hr', hr);
    expect(list.text).toContain('<html lang="cy">');
    expect(list.text).toContain('<h1>Cyngor HR</h1>');
    expect(list.text).toContain('<h2>Yn aros am eich cyngor</h2>');
    expect(list.text).toContain(escaped("<h2>Achosion yr ydych wedi'u gweld o'r blaen</h2>"));
    expect(list.text).not.toContain('Waiting for your advice');
  });

  it('keeps a head who did not choose Welsh in English', async () => {
    const list = await page('/cases', englishHead);
    expect(list.text).toContain('<html lang="en-GB">');
    expect(list.text).toContain('<h1>Cases</h1>');
    expect(list.text).toContain('Tom Reed (staff) · on Facebook');
    expect(list.text).toContain('<td>Reported</td>');
    const show = await page(`/cases/${elmCase}`, englishHead);
    expect(show.text).toContain('<html lang="en-GB">');
    for (const words of [
      '<h2>The report</h2>',
      '<h2>What you can do now</h2>',
      '<h3>Triage and start investigating</h3>',
      '>Start investigating</button>',
      '<h3>Add a note</h3>',
    ])
      expect(show.text).toContain(words);
    expect(show.text).not.toContain('Yr adroddiad');
  });

  it('names a Wales school’s DSL the designated safeguarding person, in Welsh and in English', async () => {
    const before = await page(`/cases/${oakCase}`, welshHead);
    expect(before.text).toContain('(arweinydd diogelu)</option>');
    const admin = await t.login('admin@oak.example');
    const settings = `/api/v1/schools/${ids.school.OAK}/settings`;
    const current = (await request(t.http).get(settings).set(bearer(admin)).expect(200)).body;
    const form = Object.fromEntries(
      Object.entries(current as Record<string, unknown>).filter(
        ([k]) => !['schoolId', 'customised', 'updatedAt'].includes(k),
      ),
    );
    await request(t.http)
      .put(settings)
      .set(bearer(admin))
      .send({ ...form, nation: 'wales' })
      .expect(200);
    const welsh = await page(`/cases/${oakCase}`, welshHead);
    expect(welsh.text).toContain('(person diogelu dynodedig)</option>');
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(welshHead))
      .send({ language: 'en' })
      .expect(200);
    const english = await page(`/cases/${oakCase}`, welshHead);
    expect(english.text).toContain('<html lang="en-GB">');
    expect(english.text).toContain('(designated safeguarding person)</option>');
    expect(english.text).not.toContain('(safeguarding lead)');
  });
});
