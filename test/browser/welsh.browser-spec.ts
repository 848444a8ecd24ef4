/**
 * The product in Welsh, through the pages (issue 18 item 4): a member of staff who reads Welsh
 * files a report on the Welsh report form, and a head who reads Welsh triages it on the Welsh
 * case page, refused once and then accepted. Every page is lang="cy" and axe-clean; the words
 * clicked are the Welsh catalogue's, and a few are asserted literally so a fall-back to English
 * would fail here.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import request from 'supertest';
import { words } from '../../src/platform/i18n/words.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  button,
  choose,
  clickAndWait,
  control,
  fill,
  formTitled,
  heading,
  launchBrowser,
  link,
  londonLocal,
  pageText,
  samplePng,
  setDateTime,
  tempFile,
  tick,
  type BrowserHarness,
} from '../support/browser.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const cy = (key: string, args?: Record<string, unknown>) => words.t(key, 'cy', args);

describe('the pages in Welsh', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  const upload = tempFile('postiad.png', samplePng());
  let reference = '';

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    h = await launchBrowser(appUrl(t));
    for (const who of ['staff', 'head']) {
      const token = await t.login(`${who}@oak.example`);
      await request(t.http)
        .put('/api/v1/auth/me/language')
        .set(bearer(token))
        .send({ language: 'cy' })
        .expect(200);
    }
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
    upload.remove();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);
  const lang = (page: Page) => page.$eval('html', (el) => el.getAttribute('lang'));

  it('a member of staff files a report on the Welsh report form', async () => {
    const page = await h!.signIn('staff@oak.example');
    expect(await lang(page)).toBe('cy');
    expect(await heading(page)).toBe('Fy adroddiadau');
    await clickAndWait(page, await link(page, cy('reports.mine.report')));
    expect(await heading(page)).toBe('Rhoi gwybod am bryder');
    await axe.check(page, 'Welsh report form');

    // Sent empty first: the refusal is in Welsh too, and still axe-clean.
    const refused = await clickAndWait(page, await button(page, 'Anfon yr adroddiad'));
    expect(refused?.status()).toBe(400);
    expect(await lang(page)).toBe('cy');
    expect(await pageText(page)).toContain(cy('forms.problem'));
    await axe.check(page, 'Welsh report form, refused');

    await tick(page, cy('reports.new.type.policyBreach'));
    await tick(page, 'SM-05');
    await fill(page, cy('reports.new.description.label'), 'Postiad cyhoeddus am gydweithiwr.');
    const yesterday = `${londonLocal(new Date(Date.now() - 86_400_000)).slice(0, 10)}T19:30`;
    await setDateTime(page, cy('reports.new.occurredAt.label'), yesterday);
    await tick(page, cy('labels.aboutHeadteacher.no'));
    await fill(page, cy('reports.new.subjectName.label'), 'Daniel Morgan');
    await choose(page, cy('reports.new.subjectRelationship.label'), 'Aelod o staff');
    await choose(page, cy('reports.new.platform.label'), 'Facebook');
    await (await control(page, cy('forms.evidence.file', { n: 1 }))).uploadFile(upload.path);

    const sent = await clickAndWait(page, await button(page, 'Anfon yr adroddiad'));
    expect(sent?.status()).toBe(200);
    expect(await heading(page)).toBe('Mae eich adroddiad wedi dod i law');
    reference = (await page.$eval('.ref', (el) => String(el.textContent))).trim();
    await axe.check(page, 'Welsh report received');
  });

  it('the head triages it on the Welsh case page', async () => {
    const head = await h!.signIn('head@oak.example');
    expect(await lang(head)).toBe('cy');
    await clickAndWait(head, await link(head, reference));
    expect(await lang(head)).toBe('cy');
    expect(await pageText(head)).toContain("Wedi'i adrodd"); // the status, in Welsh
    await axe.check(head, 'Welsh case page (reported)');

    // Refused: a triage with no classification, said in Welsh beside the form.
    let triage = await formTitled(head, cy('casePage.move.triage.title'));
    const refused = await clickAndWait(
      head,
      await button(triage, cy('casePage.move.triage.button')),
    );
    expect(refused?.status()).toBe(400);
    expect(await pageText(head)).toContain(cy('forms.problem'));
    await axe.check(head, 'Welsh case page, refused move');

    triage = await formTitled(head, cy('casePage.move.triage.title'));
    await choose(triage, cy('casePage.field.classification.label'), 'Torri rheolau ymddygiad');
    await clickAndWait(head, await button(triage, cy('casePage.move.triage.button')));
    expect(await head.$eval('.flash', (el) => String(el.textContent))).toBe(
      "Mae'r achos wedi symud ymlaen.",
    );
    const text = await pageText(head);
    expect(text).toContain('Yn ymchwilio');
    expect(text).toContain("Wedi'i adrodd → Yn ymchwilio"); // the timeline
    await axe.check(head, 'Welsh case page (investigating)');
  });

  it('found nothing serious for axe on any Welsh page', () => {
    expect(axe.checked.length).toBeGreaterThanOrEqual(6);
    expect(axe.findings).toEqual([]);
    return Promise.resolve();
  });
});
