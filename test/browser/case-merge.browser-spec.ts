/**
 * Merging two reports through the case page (issue 21, item 2): the head picks the second
 * report in the merge form on the first case's page, forgets the reason and gets the form back
 * as typed with a message in plain words beside the box, then merges; the page shows the
 * merged report with its own timeline and evidence, and the merged report's page points back.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { FixedClock } from '../../src/common/clock/clock.js';
import { CaseSteps } from '../support/case-steps.js';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { png } from '../support/sample-files.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  button,
  choose,
  clickAndWait,
  fill,
  formTitled,
  launchBrowser,
  optionsOf,
  pageText,
  valueOf,
  type BrowserHarness,
} from '../support/browser.js';

describe('merging two reports, through the case page', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  const clock = new FixedClock('2026-11-16T10:00:00.000Z');

  beforeAll(async () => {
    t = await createTestApp({ listen: true, clock });
    h = await launchBrowser(appUrl(t));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  it('the head merges a second report of the same post into the first', async () => {
    const ids = await demoIds(t);
    const staff = await t.login('staff@oak.example');
    const staff2 = await t.login('staff2@oak.example');
    const head = await t.login('head@oak.example');
    const a = (await fileReport(t, staff, baseReport(ids.school.OAK)).expect(201)).body;
    const b = (
      await fileReport(
        t,
        staff2,
        baseReport(ids.school.OAK, {
          description: 'Seen the same post in the parents group.',
          confidentialReporter: true,
        }),
        [{ name: 'post.png', bytes: png(30, 20) }],
      ).expect(201)
    ).body;
    await new CaseSteps(t, clock).triage(head, a.id as string, 'conduct_breach');

    const page = await h!.signIn('head@oak.example');
    // "Merge OAK-… into this case" beside a look-alike arrives with that report chosen.
    await page.goto(`${appUrl(t)}/cases/${a.id as string}?merge=${b.id as string}`);
    let form = await formTitled(page, 'Merge another report into this case');
    expect(await valueOf(form, 'The report to merge')).toBe(b.id);
    await page.goto(`${appUrl(t)}/cases/${a.id as string}`);
    form = await formTitled(page, 'Merge another report into this case');
    expect(await valueOf(form, 'The report to merge')).toBe('');
    const choice = (await optionsOf(form, 'The report to merge')).find((o) =>
      o.startsWith(b.reference as string),
    );
    expect(choice).toBeDefined();
    await choose(form, 'The report to merge', choice!);
    await clickAndWait(page, await button(form, 'Merge the reports'));
    // Refused: the choice is kept and the message sits beside the empty box, in plain words.
    form = await formTitled(page, 'Merge another report into this case');
    expect(await valueOf(form, 'The report to merge')).toBe(b.id);
    expect(await pageText(page)).toContain(
      'Say in a few words why these reports are the same matter.',
    );
    await axe.check(page, 'Case page, merge form refused');

    await fill(form, 'Why they are the same matter', 'Both are the same Facebook post.');
    await clickAndWait(page, await button(form, 'Merge the reports'));
    const merged = await pageText(page);
    expect(merged).toContain('The report was merged into this case.');
    expect(merged).toContain(`Report ${b.reference as string}, merged into this case`);
    expect(merged).toContain('Seen the same post in the parents group.');
    expect(merged).toMatch(/confidential: do not reveal their name/);
    expect(merged).toContain(`Merged into ${a.reference as string}`);
    expect(merged).toContain(`${b.reference as string} merged into this case`);
    expect(await page.$$eval('.merged-report img', (imgs) => imgs.length)).toBe(1);
    await axe.check(page, 'Case page with a merged report');

    // A report under another procedure is refused beside the choice, in plain words.
    const other = (
      await fileReport(
        t,
        staff,
        baseReport(ids.school.OAK, {
          type: 'online_abuse',
          clauseCodes: [],
          subjectRelationship: 'parent',
          subjectName: 'A parent',
        }),
      ).expect(201)
    ).body;
    await new CaseSteps(t, clock).triage(head, other.id as string, 'online_abuse');
    await page.goto(`${appUrl(t)}/cases/${a.id as string}?merge=${other.id as string}`);
    form = await formTitled(page, 'Merge another report into this case');
    await fill(form, 'Why they are the same matter', 'The same afternoon.');
    await clickAndWait(page, await button(form, 'Merge the reports'));
    form = await formTitled(page, 'Merge another report into this case');
    const refusal = await form.$eval('#merge-case-error', (el) => String(el.textContent));
    expect(refusal).toContain('follow different procedures, so they stay two cases');
    expect(await valueOf(form, 'Why they are the same matter')).toBe('The same afternoon.');
    expect(await valueOf(form, 'The report to merge')).toBe(other.id);

    await page.goto(`${appUrl(t)}/cases/${b.id as string}`);
    expect(await pageText(page)).toContain(
      `This report was merged into ${a.reference as string}. It is read and worked on that case`,
    );
    expect(axe.findings).toEqual([]);
  });
});
