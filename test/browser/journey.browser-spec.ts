/**
 * One case from start to finish, through the pages only: a member of staff reports it with a
 * screenshot, the head triages it and asks HR, HR advises and downloads the case file, the head
 * records the outcome, and a governor reads the redacted summary. axe checks every page seen.
 * Along the way it saves the README's screenshots to test-output/readme/.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { pdfText } from '../support/pdf-text.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  button,
  choose,
  clickAndWait,
  control,
  download,
  fill,
  formTitled,
  heading,
  launchBrowser,
  link,
  londonLocal,
  optionsOf,
  pageText,
  README_DIR,
  samplePng,
  saveScreenshot,
  setDateTime,
  tempFile,
  tick,
  valueOf,
  type BrowserHarness,
} from '../support/browser.js';

const REPORTER = 'Priya Shah'; // staff@oak.example
const SUBJECT = 'Daniel Morgan';
const DESCRIPTION =
  'On his public Facebook page he called the school leadership "clueless" and said a named colleague was useless at her job.';
const HR_QUESTION = 'Is a first written warning proportionate for a first offence like this?';
const HR_ADVICE =
  'A first written warning is proportionate: the comments were public and about a colleague.';
const REASONS = 'He accepted that he wrote the post and removed it the same day.';
const GOVERNOR_SUMMARY =
  'The member of staff posted derogatory comments about the school and a colleague on a public page. The post has been removed.';

describe('a case from report to governors, through the pages', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  const evidence = samplePng();
  const evidenceSha = createHash('sha256').update(evidence).digest('hex');
  const upload = tempFile('facebook-post.png', evidence);
  const year = londonLocal(new Date()).slice(0, 4);

  let reference = '';
  let caseUrl = '';
  let head: Page;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    h = await launchBrowser(appUrl(t));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
    upload.remove();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  const statusLine = async (page: Page) =>
    (await page.$eval('p.lead', (el) => String(el.textContent))).replace(/\s+/g, ' ');

  it('staff report a concern with a screenshot and see it under My reports', async () => {
    const page = await h!.signIn('staff@oak.example');
    expect(await heading(page)).toBe('My reports');
    await axe.check(page, 'My reports (empty)');

    await clickAndWait(page, await link(page, 'Report a concern'));
    expect(await heading(page)).toBe('Report a concern');
    await axe.check(page, 'Report a concern');

    await tick(page, 'Someone connected with the school broke the social-media policy');
    await tick(page, 'SM-05');
    await fill(page, 'What happened?', DESCRIPTION);
    const yesterday = `${londonLocal(new Date(Date.now() - 86_400_000)).slice(0, 10)}T19:30`;
    await setDateTime(page, 'When was it posted or done?', yesterday);
    await tick(page, 'No'); // "Is this about the headteacher?"
    await fill(page, 'Or type their name (optional)', SUBJECT);
    await choose(page, 'How are they connected to the school?', 'A member of staff');
    await choose(page, 'Where was it?', 'Facebook');
    const fileInput = await control(page, 'Screenshot 1');
    await fileInput.uploadFile(upload.path);
    expect(
      await fileInput.evaluate((el) => [...el.files].map((f) => `${f.name}:${f.size}`)),
    ).toEqual([`facebook-post.png:${evidence.length}`]);
    expect(await valueOf(page, 'When was it posted or done?')).toBe(yesterday);
    await saveScreenshot(page, join(README_DIR, 'report-form.png'));

    const response = await clickAndWait(page, await button(page, 'Send the report'));
    expect(response?.status()).toBe(200);
    expect(await heading(page)).toBe('Your report has been received');
    reference = (await page.$eval('.ref', (el) => String(el.textContent))).trim();
    expect(reference).toMatch(new RegExp(`^OAK-${year}-\\d{4}$`));
    expect(reference).toBe(`OAK-${year}-0001`);
    await axe.check(page, 'Report received');

    await clickAndWait(page, await link(page, 'My reports'));
    const row = await page.$eval(
      'table tbody',
      (el, ref) =>
        [...el.querySelectorAll('tr')]
          .map((tr) => String(tr.innerText).replace(/\s+/g, ' '))
          .find((text) => text.includes(ref)) ?? '',
      reference,
    );
    expect(row).toContain(reference);
    expect(row).toContain('Reported');
    await axe.check(page, 'My reports (one report)');
  });

  it('the head finds it in the Cases inbox, sees the screenshot, triages it and asks HR', async () => {
    head = await h!.signIn('head@oak.example');
    expect(await heading(head)).toBe('Cases');
    await axe.check(head, 'Cases inbox');

    await clickAndWait(head, await link(head, reference));
    caseUrl = head.url();
    expect(await heading(head)).toBe(`Case ${reference}`);
    expect(await statusLine(head)).toContain('Reported');
    const text = await pageText(head);
    expect(text).toContain(DESCRIPTION);
    expect(text).toContain(`${SUBJECT} (staff)`);
    expect(text).toContain(REPORTER);
    await axe.check(head, 'Case page (reported)');

    // The thumbnail is a real picture that loaded, not a broken image.
    const img = await head.$('img[alt="Evidence item 1"]');
    expect(img).not.toBeNull();
    const size = await img!.evaluate((el) =>
      el.decode().then(
        () => ({ w: Number(el.naturalWidth), h: Number(el.naturalHeight) }),
        () => ({ w: 0, h: 0 }),
      ),
    );
    expect(size).toEqual({ w: 240, h: 160 });
    expect(await head.$eval('.hash', (el) => String(el.textContent).trim())).toBe(
      `SHA-256 ${evidenceSha}`,
    );

    const triage = await formTitled(head, 'Triage and start investigating');
    await choose(triage, 'Classification', 'Conduct breach');
    await fill(triage, 'Note (optional)', 'Spoke to the reporter; the post is still up.');
    await clickAndWait(head, await button(triage, 'Start investigating'));
    expect(await head.$eval('.flash', (el) => String(el.textContent))).toBe(
      'The case has moved on.',
    );
    expect(await statusLine(head)).toContain('Investigating');
    expect(await pageText(head)).toContain('Conduct breach');
    await axe.check(head, 'Case page (investigating)');
    await saveScreenshot(head, join(README_DIR, 'case-page.png'));

    // Before HR has advised, only the informal sanctions are on offer.
    const early = await formTitled(head, 'Record the outcome');
    expect(await optionsOf(early, 'Sanction')).toEqual([
      'Choose one',
      'No sanction',
      'Management advice',
    ]);

    const ask = await formTitled(head, 'Ask HR for advice');
    await fill(ask, 'Your question to HR', HR_QUESTION);
    await clickAndWait(head, await button(ask, 'Send to HR'));
    expect(await statusLine(head)).toContain('HR advice');
    expect(await pageText(head)).toContain(HR_QUESTION);
    await axe.check(head, 'Case page (waiting for HR)');
  });

  it('HR sees it under HR advice, records advice and downloads the HR case file', async () => {
    const hr = await h!.signIn('hr@council.example');
    expect(await heading(hr)).toBe('HR advice');
    const waiting = await hr.$eval('main', (el) => {
      const h2 = [...el.querySelectorAll('h2')].find((x) =>
        String(x.textContent).includes('Waiting for your advice'),
      );
      const table = h2?.nextElementSibling;
      return table && table.tagName === 'TABLE' ? String(table.innerText) : '';
    });
    expect(waiting).toContain(reference);
    await axe.check(hr, 'HR queue');

    await clickAndWait(hr, await link(hr, reference));
    expect(hr.url()).toBe(caseUrl);
    expect(await pageText(hr)).toContain(HR_QUESTION);
    await axe.check(hr, 'Case page (HR)');

    const form = await formTitled(hr, 'Record your advice');
    await fill(form, 'Advice', HR_ADVICE);
    await clickAndWait(hr, await button(form, 'Record advice'));
    expect(await hr.$eval('.flash', (el) => String(el.textContent))).toBe(
      'Your advice was recorded.',
    );
    expect(await pageText(hr)).toContain(HR_ADVICE);
    await axe.check(hr, 'Case page (HR, after advice)');

    const shownSha = (await hr.$eval('.hash', (el) => String(el.textContent)))
      .replace('SHA-256', '')
      .trim();
    expect(shownSha).toBe(evidenceSha);
    const file = await download(hr, 'Download the HR case file (PDF)');
    expect(file.status).toBe(200);
    expect(file.contentType).toContain('application/pdf');
    const text = pdfText(file.body);
    expect(text).toContain(reference);
    expect(text.replace(/\s/g, '')).toContain(shownSha);
    expect(text).toContain(HR_ADVICE);
  });

  it('the head records the outcome and downloads both PDFs', async () => {
    await head.goto(caseUrl);
    expect(await statusLine(head)).toContain('HR advice');
    expect(await pageText(head)).toContain(HR_ADVICE);
    await axe.check(head, 'Case page (advised)');

    // A warning would be decided at a hearing (its own form); here the head decides directly.
    await formTitled(head, 'Call a disciplinary hearing');
    const form = await formTitled(head, 'Record the outcome');
    expect(await optionsOf(form, 'Sanction')).not.toContain('First written warning');
    await choose(form, 'Finding', 'Substantiated');
    await choose(form, 'Sanction', 'Management advice');
    await fill(form, 'Reasons', REASONS);
    await fill(form, 'Summary for governors', GOVERNOR_SUMMARY);
    await clickAndWait(head, await button(form, 'Record the outcome'));
    expect(await head.$eval('.flash', (el) => String(el.textContent))).toBe(
      'The case has moved on.',
    );
    expect(await statusLine(head)).toContain('Outcome');
    const text = await pageText(head);
    expect(text).toContain('Substantiated');
    expect(text).toContain('Management advice');
    expect(text).toContain(GOVERNOR_SUMMARY);
    await axe.check(head, 'Case page (outcome)');

    const hrFile = await download(head, 'Download the HR case file (PDF)');
    expect(hrFile.status).toBe(200);
    const hrText = pdfText(hrFile.body);
    expect(hrText).toContain(reference);
    expect(hrText).toContain('Management advice');
    expect(hrText.replace(/\s/g, '')).toContain(evidenceSha);

    const summary = await download(head, "Download the governors' summary (PDF)");
    expect(summary.status).toBe(200);
    expect(summary.contentType).toContain('application/pdf');
    const summaryText = pdfText(summary.body);
    expect(summaryText).toContain(reference);
    expect(summaryText).toContain('Substantiated');
    expect(summaryText).toContain('Management advice');
    for (const secret of [REPORTER, SUBJECT, DESCRIPTION.slice(0, 40)]) {
      expect(summaryText).not.toContain(secret);
    }
  });

  it('a governor sees which case was decided and when, and downloads its summary', async () => {
    const governor = await h!.signIn('governor@oak.example');
    expect(await heading(governor)).toBe('Governors');
    const row = await governor.$eval(
      'main table tbody',
      (el, ref) =>
        [...el.querySelectorAll('tr')]
          .map((tr) => String(tr.innerText).replace(/\s+/g, ' '))
          .find((text) => text.includes(ref)) ?? '',
      reference,
    );
    expect(row).toMatch(/(Autumn|Spring|Summer) term \d{4}/);
    // The list pairs no finding or sanction with a case: that is in the summary alone.
    expect(row).not.toContain('Substantiated');
    expect(row).not.toContain('Management advice');
    await axe.check(governor, 'Governors');
    await saveScreenshot(governor, join(README_DIR, 'governors.png'));
    // The case itself is not a governor's to open.
    const direct = await governor.goto(caseUrl);
    expect(direct?.status()).toBe(404);
    await governor.goBack();

    const summary = await download(governor, `Summary (PDF) of ${reference}`);
    expect(summary.status).toBe(200);
    const pdf = pdfText(summary.body);
    expect(pdf).toContain(reference);
    expect(pdf).toContain('Substantiated');
    expect(pdf).toContain('Management advice');
    expect(pdf).toContain(GOVERNOR_SUMMARY);
    for (const secret of [REPORTER, SUBJECT, DESCRIPTION.slice(0, 40), HR_ADVICE]) {
      expect(pdf).not.toContain(secret);
    }
  });

  it('no page on the way has a serious or critical accessibility problem', async () => {
    expect(axe.checked.length).toBeGreaterThanOrEqual(14);
    expect(axe.findings).toEqual([]);
    expect(h!.foreignRequests).toEqual([]);
  });
});
