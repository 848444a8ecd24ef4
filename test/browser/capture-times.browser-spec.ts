/**
 * A reporter with two screenshots taken at different times (issue 17 item 5): each file on the
 * report form has its own time box, an empty box between them changes nothing, and their own
 * view of the report shows when it happened and when each file was taken. The head's upload
 * form does the same, and a referral dated 28 November reads as that date.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import { FixedClock } from '../../src/common/clock/clock.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
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
  launchBrowser,
  pageText,
  samplePng,
  setDateTime,
  tempFile,
  tick,
  type BrowserHarness,
} from '../support/browser.js';

describe('capture times per file, through the pages', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  const clock = new FixedClock('2026-12-02T10:00:00.000Z');
  const first = tempFile('first.png', samplePng(200, 120));
  const second = tempFile('second.png', samplePng(180, 140));
  const third = tempFile('third.png', samplePng(160, 100));
  let caseUrl = '';

  beforeAll(async () => {
    t = await createTestApp({ listen: true, clock });
    h = await launchBrowser(appUrl(t));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
    for (const f of [first, second, third]) f.remove();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);
  const upload = async (page: Page, label: string, path: string) =>
    (await control(page, label)).uploadFile(path);
  /** Each evidence item's "Captured ..." line, in the page's order. */
  const capturedLines = (page: Page) =>
    page.$$eval('.thumbs li .muted', (els) =>
      els.map((el) => String(el.textContent).replace(/\s+/g, ' ').split('Received')[0].trim()),
    );

  it('the reporter gives each screenshot its own time and sees what they entered', async () => {
    const page = await h!.signIn('staff@oak.example');
    await page.goto(h!.url('/reports/new'), { waitUntil: 'load' });
    await tick(page, 'Someone connected with the school broke the social-media policy');
    await tick(page, 'SM-05');
    await fill(page, 'What happened?', 'A member of staff posted rude comments about a parent.');
    await setDateTime(page, 'When was it posted or done?', '2026-11-28T19:30');
    await tick(page, 'No');
    await fill(page, 'Or type their name (optional)', 'Jordan Blake');
    await choose(page, 'How are they connected to the school?', 'A member of staff');
    await choose(page, 'Where was it?', 'Facebook');
    // Screenshot 2 left empty: the third file keeps its own time.
    await upload(page, 'Screenshot 1', first.path);
    await setDateTime(page, 'When was screenshot 1 taken? (optional)', '2026-11-28T19:40');
    await upload(page, 'Screenshot 3', second.path);
    await setDateTime(page, 'When was screenshot 3 taken? (optional)', '2026-11-29T08:15');
    await axe.check(page, 'Report form with a time per screenshot');
    const sent = await clickAndWait(page, await button(page, 'Send the report'));
    expect(sent?.status()).toBe(200);
    const id = /\/reports\/([0-9a-f-]{36})\/received/.exec(page.url())?.[1];
    caseUrl = h!.url(`/cases/${id}`);

    await page.goto(caseUrl, { waitUntil: 'load' });
    const text = await pageText(page);
    expect(text).toMatch(/Happened\s+28 Nov 2026, 19:30/);
    expect(text).not.toMatch(/Happened\s+—/);
    expect((await capturedLines(page)).sort()).toEqual([
      'Captured 28 Nov 2026, 19:40',
      'Captured 29 Nov 2026, 08:15',
    ]);
    await axe.check(page, 'The reporter’s own report');
  });

  it('the head adds a file with its own time, and a referral dated 28 November reads as that date', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(caseUrl, { waitUntil: 'load' });
    await upload(page, 'Screenshot 2', third.path);
    await setDateTime(page, 'When was screenshot 2 taken? (optional)', '2026-11-30T12:05');
    await clickAndWait(page, await button(page, 'Add evidence'));
    expect(await capturedLines(page)).toContain('Captured 30 Nov 2026, 12:05');
    expect(await capturedLines(page)).toHaveLength(3);

    const referral = await formTitled(page, 'Record a referral');
    await choose(referral, 'Agency', 'Police');
    await fill(referral, 'Their reference (optional)', 'PC-28');
    await setDateTime(referral, 'Date referred', '2026-11-28');
    await clickAndWait(page, await button(referral, 'Record referral'));
    const row = await page.$$eval('table tr', (rows) =>
      rows.map((r) => String(r.textContent).replace(/\s+/g, ' ')).find((x) => x.includes('PC-28')),
    );
    expect(row).toContain('28 Nov 2026');
    expect(row).not.toContain('23:59');
    expect(axe.findings).toEqual([]);
  });
});
