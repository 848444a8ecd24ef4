/**
 * The head's case list and case page as a busy head uses them: a line per case saying what it is
 * about (never a confidential reporter's words), overdue cases first, search and filters that
 * find what the API's list finds, and the clause titles beside their codes on the case page.
 * axe checks every page seen.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  button,
  choose,
  clickAndWait,
  fill,
  launchBrowser,
  link,
  optionsOf,
  pageText,
  README_DIR,
  saveScreenshot,
  tick,
  type BrowserHarness,
} from '../support/browser.js';

const CONFIDENTIAL_WORDS = 'I sit next to him in the staff room and saw it on his phone at lunch.';
const RECENT_WORDS =
  'A parent posted a photo of the school gates with a rude caption on Instagram.';

describe('the head’s case list and case page', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday
  const ref: Record<'rude' | 'confidential' | 'recent', string> = {
    rude: '',
    confidential: '',
    recent: '',
  };

  beforeAll(async () => {
    t = await createTestApp({ listen: true, clock });
    h = await launchBrowser(appUrl(t));
    const ids = await demoIds(t);
    let staff = await t.login('staff@oak.example');
    const file = async (fields: Record<string, string | string[] | boolean>) =>
      (await fileReport(t, staff, baseReport(ids.school.OAK, fields)).expect(201)).body as {
        id: string;
        reference: string;
      };
    ref.rude = (await file({})).reference;
    ref.confidential = (
      await file({
        description: CONFIDENTIAL_WORDS,
        subjectName: 'Mark Jones',
        subjectRelationship: 'staff',
        platform: 'whatsapp',
        clauseCodes: ['SM-06'],
        confidentialReporter: true,
      })
    ).reference;
    // A week on, both are past their deadlines; a case reported today is not.
    clock.advanceDays(7);
    staff = await t.login('staff@oak.example'); // a session lasts 12 hours at most
    const recent = await file({
      type: 'online_abuse',
      description: RECENT_WORDS,
      subjectName: 'A parent',
      subjectRelationship: 'parent',
      platform: 'instagram',
      clauseCodes: [],
    });
    ref.recent = recent.reference;
    await request(t.http)
      .post(`/api/v1/cases/${recent.id}/transitions`)
      .set(bearer(await t.login('head@oak.example')))
      .send({ to: 'investigating', version: 1, classification: 'online_abuse' })
      .expect(200);
  }, 90_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  /** The list's rows, each as its reference and its whole text. */
  const rows = (page: Page) =>
    page.$$eval('table.cases tbody tr', (trs) =>
      trs.map((tr) => ({
        reference: String(tr.querySelector('a')?.textContent ?? ''),
        text: String(tr.textContent).replace(/\s+/g, ' ').trim(),
        about: String(tr.querySelector('.about')?.textContent ?? ''),
      })),
    );
  const ours = async (page: Page) =>
    (await rows(page)).filter((r) => Object.values(ref).includes(r.reference));

  it('says in a line what each case is about, overdue first, never a confidential reporter’s words', async () => {
    const page = await h!.signIn('head@oak.example');
    await clickAndWait(page, await link(page, 'Cases'));
    const listed = await ours(page);
    expect(listed.map((r) => r.reference)).toEqual(
      expect.arrayContaining([ref.rude, ref.confidential, ref.recent]),
    );
    // Overdue before not overdue, whatever the order of reporting.
    const at = (r: string) => listed.findIndex((x) => x.reference === r);
    expect(at(ref.recent)).toBeGreaterThan(at(ref.rude));
    expect(at(ref.recent)).toBeGreaterThan(at(ref.confidential));
    const all = await rows(page);
    const firstNotOverdue = all.findIndex((r) => !r.text.includes('Overdue'));
    expect(all.slice(firstNotOverdue).some((r) => r.text.includes('Overdue'))).toBe(false);

    const about = (r: string) => listed.find((x) => x.reference === r)!.about;
    expect(about(ref.rude)).toContain('Tom Reed (staff)');
    expect(about(ref.rude)).toContain('on Facebook');
    expect(about(ref.rude)).toMatch(/SM-05 Derogatory, defamatory/);
    expect(about(ref.rude)).toContain('A member of staff posted rude comments');
    expect(about(ref.confidential)).toContain('Mark Jones (staff)');
    expect(about(ref.confidential)).toMatch(/SM-06 \w+/);
    expect(about(ref.recent)).toContain('A parent (parent or carer)');
    expect(about(ref.recent)).toContain('A parent posted a photo');
    // Neither the confidential reporter's words nor their name anywhere on the list.
    const text = await pageText(page);
    expect(text).not.toContain('staff room');
    expect(text).not.toContain('Priya Shah');
    await axe.check(page, 'Case list');
    await saveScreenshot(page, join(README_DIR, 'case-list.png'));
  });

  it('searches and filters the list as the API does, keeping the choices made', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(h!.url('/cases'), { waitUntil: 'load' });
    await fill(page, 'Search', 'gates');
    await clickAndWait(page, await button(page, 'Show cases'));
    expect((await rows(page)).map((r) => r.reference)).toEqual([ref.recent]);
    expect(await page.$eval('#q', (el) => (el as unknown as { value: string }).value)).toBe(
      'gates',
    );

    await clickAndWait(page, await link(page, 'Clear the search'));
    await choose(page, 'Status', 'Investigating');
    await clickAndWait(page, await button(page, 'Show cases'));
    const investigating = await rows(page);
    expect(investigating.map((r) => r.reference)).toContain(ref.recent);
    expect(investigating.every((r) => r.text.includes('Investigating'))).toBe(true);

    await choose(page, 'Status', 'Any status');
    const sm06 = (await optionsOf(page, 'Policy clause')).find((o) => o.startsWith('SM-06 '))!;
    await choose(page, 'Policy clause', sm06);
    await clickAndWait(page, await button(page, 'Show cases'));
    expect((await rows(page)).map((r) => r.reference)).toEqual([ref.confidential]);

    await choose(page, 'Policy clause', 'Any clause');
    await tick(page, 'Only overdue');
    await clickAndWait(page, await button(page, 'Show cases'));
    const overdue = await rows(page);
    expect(overdue.map((r) => r.reference)).toEqual(
      expect.arrayContaining([ref.rude, ref.confidential]),
    );
    expect(overdue.map((r) => r.reference)).not.toContain(ref.recent);
    expect(overdue.every((r) => r.text.includes('Overdue'))).toBe(true);

    await fill(page, 'Search', 'no case says this');
    await clickAndWait(page, await button(page, 'Show cases'));
    expect(await pageText(page)).toContain('No case of yours matches this search.');
    await axe.check(page, 'Case list, filtered');
  });

  it('shows each clause’s title beside its code on the case page', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(h!.url('/cases'), { waitUntil: 'load' });
    await clickAndWait(page, await link(page, ref.rude));
    const clauses = await page.$$eval('ul.clauses li', (lis) =>
      lis.map((li) => String(li.textContent).replace(/\s+/g, ' ').trim()),
    );
    expect(clauses).toHaveLength(1);
    expect(clauses[0]).toMatch(/^SM-05 Derogatory, defamatory, rude/);
    await axe.check(page, 'Case page with clause titles');
  });

  it('finds no serious accessibility problem on any page seen', async () => {
    expect(axe.checked.length).toBeGreaterThanOrEqual(3);
    expect(axe.findings).toEqual([]);
  });
});
