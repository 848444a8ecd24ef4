/**
 * One story per track through the pages (issue 13; the disciplinary track has its own file):
 * an allegation that must go to the LADO, a low-level concern, a parent's abuse of a teacher,
 * and a pupil's behaviour. Each report is filed through the API (the report form has its own
 * tests); everything the owner then does is done on the case page, whose forms offer only the
 * moves the track allows, in its own words. axe checks every page seen.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import { FixedClock } from '../../src/common/clock/clock.js';
import { baseReport, demoIds, fileReport, type DemoIds } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  button,
  choose,
  clickAndWait,
  download,
  fill,
  formTitled,
  launchBrowser,
  optionsOf,
  pageText,
  tick,
  type BrowserHarness,
} from '../support/browser.js';

describe('each track from report to close, through the pages', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  let ids: DemoIds;
  const axe = new AxeLog();
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  beforeAll(async () => {
    t = await createTestApp({ listen: true, clock });
    h = await launchBrowser(appUrl(t));
    ids = await demoIds(t);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  /** Files a report as staff and opens its case page as `owner`. */
  async function reportAndOpen(
    owner: string,
    over: Record<string, string | boolean | string[]>,
  ): Promise<{ page: Page; id: string }> {
    const staff = await t.login('staff@oak.example');
    const filed = await fileReport(t, staff, baseReport(ids.school.OAK, over)).expect(201);
    const id = filed.body.id as string;
    const page = await h!.signIn(owner);
    await page.goto(`${appUrl(t)}/cases/${id}`);
    return { page, id };
  }
  const flash = (page: Page) => page.$eval('.flash', (el) => String(el.textContent).trim());
  const status = async (page: Page) =>
    (await page.$eval('p.lead', (el) => String(el.textContent))).replace(/\s+/g, ' ');
  const submit = async (page: Page, formTitle: string, buttonText: string) =>
    clickAndWait(page, await button(await formTitled(page, formTitle), buttonText));

  it('an allegation: refused until the LADO is consulted, then decided with the LADO and closed', async () => {
    const { page } = await reportAndOpen('head@oak.example', {
      safeguarding: true,
      subjectName: 'Lee Grant',
      description: 'A teacher sent a pupil private messages late at night on Instagram.',
    });
    await axe.check(page, 'Allegation (reported)');
    let form = await formTitled(page, 'Triage and start investigating');
    await choose(form, 'Classification', 'Harm threshold (allegation)');
    const refused = await clickAndWait(page, await button(form, 'Start investigating'));
    expect(refused?.status()).toBe(409);
    expect(await pageText(page)).toContain('LADO');
    await axe.check(page, 'Allegation refused without the LADO');

    form = await formTitled(page, 'Record a referral');
    await choose(form, 'Agency', 'LADO (local authority designated officer)');
    await fill(form, 'Their reference (optional)', 'LADO-2026-114');
    await clickAndWait(page, await button(form, 'Record referral'));
    expect(await flash(page)).toBe('The referral was recorded.');

    form = await formTitled(page, 'Triage and start investigating');
    await choose(form, 'Classification', 'Harm threshold (allegation)');
    await clickAndWait(page, await button(form, 'Start investigating'));
    expect(await status(page)).toContain('Investigating');

    form = await formTitled(page, 'Record the outcome');
    // Allegation findings, and a warning only through a hearing.
    expect(await optionsOf(form, 'Finding')).toEqual(
      expect.arrayContaining(['Substantiated', 'Unfounded', 'Malicious']),
    );
    await choose(form, 'Finding', 'Unfounded');
    await choose(form, 'Sanction', 'No sanction');
    await tick(form, 'The LADO agreed this finding');
    await fill(form, 'Reasons', 'The messages were from a parent’s account, not the teacher’s.');
    await fill(form, 'Summary for governors', 'An allegation was found to be unfounded.');
    await fill(form, 'Or: why they have not been told yet (optional)', 'Told in person on Monday.');
    await fill(
      form,
      'Or: why the parents have not been told (optional)',
      'The LADO will tell them.',
    );
    await clickAndWait(page, await button(form, 'Record the outcome'));
    expect(await status(page)).toContain('Outcome');
    await axe.check(page, 'Allegation (outcome)');

    await submit(page, 'Close the case', 'Close the case');
    expect(await status(page)).toContain('Closed');
    const file = pdfText((await download(page, 'Download the HR case file (PDF)')).body);
    expect(file).toContain('The allegation and the LADO');
    expect(file).toContain('Unfounded');
  });

  it('a low-level concern: a response, no finding and no sanction', async () => {
    const { page } = await reportAndOpen('head@oak.example', {
      subjectName: 'Kim Hart',
      description: 'A teaching assistant took photos of pupils on a personal phone at sports day.',
    });
    let form = await formTitled(page, 'Triage and start investigating');
    await choose(form, 'Classification', 'Low-level concern');
    await clickAndWait(page, await button(form, 'Start investigating'));
    expect(await pageText(page)).toContain('Low-level concern');
    form = await formTitled(page, 'Record the outcome');
    expect(await pageText(page)).not.toContain('Finding');
    await choose(form, 'Response', 'A conversation about the behaviour');
    await fill(form, 'Reasons', 'Reminded of the policy; the photos were deleted in front of me.');
    await fill(
      form,
      'Summary for governors',
      'A low-level concern was addressed by a conversation.',
    );
    await clickAndWait(page, await button(form, 'Record the outcome'));
    expect(await pageText(page)).toContain('A conversation about the behaviour');
    await axe.check(page, 'Low-level concern (outcome)');
    await submit(page, 'Close the case', 'Close the case');
    expect(await status(page)).toContain('Closed');
  });

  it('a parent’s abuse of a teacher: actions and support, never a sanction', async () => {
    const { page } = await reportAndOpen('head@oak.example', {
      type: 'online_abuse',
      subjectName: 'A parent',
      subjectRelationship: 'parent',
      description: 'A parent posted insults about a teacher in the class Facebook group.',
    });
    let form = await formTitled(page, 'Triage and start investigating');
    await choose(form, 'Classification', 'Online abuse by a parent or someone outside the school');
    await clickAndWait(page, await button(form, 'Start investigating'));
    await axe.check(page, 'Parent abuse (investigating)');
    // No sanction, no finding: the school records what it did, and the outcome is offered only
    // once an action and the support for the member of staff are on the case.
    expect(
      await page.$$eval('form h3, form h2', (hs) => hs.map((h) => h.textContent?.trim())),
    ).not.toContain('Record the outcome');
    expect(await pageText(page)).not.toContain('Summary dismissal');

    form = await formTitled(page, 'Record an action taken');
    await choose(form, 'Action', 'Meeting');
    await fill(form, 'What was done (optional)', 'Met the parent with the deputy head.');
    await clickAndWait(page, await button(form, 'Record the action'));
    expect(await flash(page)).toBe('The action was recorded.');
    form = await formTitled(page, 'Support for the member of staff targeted');
    await fill(form, 'Support offered', 'Time out of class and the employee assistance line.');
    await clickAndWait(page, await button(form, 'Record the support'));
    expect(await flash(page)).toBe('The support offered was recorded.');

    form = await formTitled(page, 'Record the outcome');
    await fill(form, 'Reasons', 'The parent apologised and removed the post.');
    await fill(form, 'Summary for governors', 'The parent was met and the post removed.');
    await clickAndWait(page, await button(form, 'Record the outcome'));
    expect(await status(page)).toContain('Outcome');
    await submit(page, 'Close the case', 'Close the case');
    expect(await status(page)).toContain('Closed');
    const summary = pdfText((await download(page, "Download the governors' summary (PDF)")).body);
    expect(summary).toMatch(/Concerning\s+The parent/);
    expect(summary).toContain('Meeting');
    await axe.check(page, 'Parent abuse (closed)');
  });

  it('a pupil’s behaviour: owned by the DSL, actions under the behaviour policy', async () => {
    const { page } = await reportAndOpen('dsl@oak.example', {
      type: 'online_abuse',
      subjectName: 'A Year 9 pupil',
      subjectRelationship: 'pupil',
      description: 'A pupil posted a mocking video of a teacher on TikTok.',
    });
    await axe.check(page, 'Pupil behaviour (reported, DSL)');
    let form = await formTitled(page, 'Triage and start investigating');
    await choose(form, 'Classification', "A pupil's behaviour");
    await clickAndWait(page, await button(form, 'Start investigating'));
    form = await formTitled(page, 'Record an action taken');
    await choose(form, 'Action', 'Sanction under the behaviour policy');
    await fill(
      form,
      'What was done (optional)',
      'Two lunchtime detentions; the video was deleted.',
    );
    await clickAndWait(page, await button(form, 'Record the action'));
    form = await formTitled(page, 'Record the outcome');
    await fill(form, 'Reasons', 'The pupil apologised to the teacher.');
    await fill(form, 'Summary for governors', 'A pupil was sanctioned under the behaviour policy.');
    await clickAndWait(page, await button(form, 'Record the outcome'));
    await submit(page, 'Close the case', 'Close the case');
    expect(await status(page)).toContain('Closed');
    await axe.check(page, 'Pupil behaviour (closed)');
    expect(axe.findings).toEqual([]);
  });
});
