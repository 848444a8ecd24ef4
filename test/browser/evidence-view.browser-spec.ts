/**
 * Evidence viewed in the browser (issue 17, item 6), as the head uses it: the case page shows
 * the screenshot, "View item 1" opens it inline in a sandboxed page that saves nothing, the
 * download is a separate, explicit button, and the chain of custody on the case page counts
 * the head's views on one line.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { join } from 'node:path';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  clickAndWait,
  launchBrowser,
  link,
  pageText,
  README_DIR,
  samplePng,
  saveScreenshot,
  type BrowserHarness,
} from '../support/browser.js';

describe('evidence viewed in the browser, through the pages', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    h = await launchBrowser(appUrl(t));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  it('the head opens the inline view and sees the screenshot', async () => {
    const ids = await demoIds(t);
    const staff = await t.login('staff@oak.example');
    const filed = await fileReport(t, staff, baseReport(ids.school.OAK), [
      { name: 'post.png', bytes: samplePng(240, 160) },
    ]).expect(201);
    const caseUrl = `${appUrl(t)}/cases/${filed.body.id as string}`;

    const page = await h!.signIn('head@oak.example');
    await page.goto(caseUrl);
    // The thumbnail is drawn from the inline view, not from a download.
    const thumb = await page.$eval('img[alt="Evidence item 1"]', (img) => ({
      src: String(img.getAttribute('src')),
      width: Number(img.naturalWidth),
    }));
    expect(thumb.src).toMatch(/\/api\/v1\/evidence\/[0-9a-f-]+\/view$/);
    expect(thumb.width).toBe(240);
    const download = await link(page, 'Download item 1 (image/png)');
    expect(await download.evaluate((a) => String(a.getAttribute('href')))).toMatch(/\/content$/);
    await axe.check(page, 'Case page with evidence (owner)');

    const response = await clickAndWait(page, await link(page, 'View item 1'));
    expect(response?.headers()['content-security-policy']).toMatch(/(^|;\s*)sandbox(;|$)/);
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(response?.headers()['content-disposition']).toBe('inline');
    // Chromium shows the image itself as the page: drawn, at its own size, nothing saved.
    const shown = await page.$eval('img', (img) => ({
      width: Number(img.naturalWidth),
      height: Number(img.naturalHeight),
      complete: Boolean(img.complete),
    }));
    expect(shown).toEqual({ width: 240, height: 160, complete: true });
    await saveScreenshot(page, join(README_DIR, 'evidence-view.png'));

    await page.goto(caseUrl);
    const text = await pageText(page);
    expect(text).toContain('Chain of custody');
    expect(text).toMatch(/Item 1\s+\S.*Helen Carter\s+Viewed in the browser \d+ times, first/);
    expect(text).not.toContain('Downloaded (a copy was saved)');
    expect(axe.findings).toEqual([]);
  });
});
