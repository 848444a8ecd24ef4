/**
 * Ownership through the pages: the report form's two routing questions (is this about the head?
 * and a picker of the school's people), a "not sure" report going to the chair, and the chair
 * handing it to the head with a reason. axe checks every page seen.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  button,
  choose,
  clickAndWait,
  fill,
  heading,
  launchBrowser,
  link,
  londonLocal,
  optionsOf,
  pageText,
  setDateTime,
  tick,
  valueOf,
  type BrowserHarness,
} from '../support/browser.js';

const DESCRIPTION = 'A post on a local parents group said a teaching assistant shouted at pupils.';
const REASON = 'The person named is a teaching assistant, not the headteacher.';

describe('ownership through the pages', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  let reference = '';

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

  const fillReport = async (page: Page) => {
    await tick(page, 'Cyber-bullying or online abuse aimed at staff, pupils or the school');
    await fill(page, 'What happened?', DESCRIPTION);
    const when = `${londonLocal(new Date(Date.now() - 86_400_000)).slice(0, 10)}T08:15`;
    await setDateTime(page, 'When was it posted or done?', when);
    await choose(page, 'How are they connected to the school?', 'A member of staff');
    await choose(page, 'Where was it?', 'Facebook');
  };

  it('asks whether it is about the head, keeps what was typed when unanswered, and offers the school people', async () => {
    const page = await h!.signIn('staff@oak.example');
    await clickAndWait(page, await link(page, 'Report a concern'));
    const people = await optionsOf(page, 'If they work at the school, choose them (optional)');
    expect(people[0]).toBe('Not someone listed here');
    expect(people).toEqual(expect.arrayContaining(['Helen Carter', 'Tom Reed', 'Joanne Walsh']));
    expect(people).not.toContain('Priya Shah'); // the reporter is not offered as the subject
    await axe.check(page, 'Report form with routing questions');

    await fillReport(page);
    const response = await clickAndWait(page, await button(page, 'Send the report'));
    expect(response?.status()).toBe(400);
    expect(await page.$eval('#aboutHeadteacher', (el) => String(el.textContent))).toMatch(
      /answered/i,
    );
    expect(await valueOf(page, 'What happened?')).toBe(DESCRIPTION);
    await axe.check(page, 'Report form after an unanswered routing question');

    await tick(page, 'I am not sure');
    await choose(page, 'If they work at the school, choose them (optional)', 'Tom Reed');
    await clickAndWait(page, await button(page, 'Send the report'));
    expect(await heading(page)).toBe('Your report has been received');
    reference = (await page.$eval('.ref', (el) => String(el.textContent))).trim();
    expect(reference).toMatch(/^OAK-\d{4}-9\d{3}$/);
  });

  it('sends a "not sure" report to the chair, and the head does not see it', async () => {
    const headPage = await h!.signIn('head@oak.example');
    expect(await pageText(headPage)).not.toContain(reference);
    const chair = await h!.signIn('chair@oak.example');
    expect(await heading(chair)).toBe('Cases');
    expect(await pageText(chair)).toContain(reference);
    await axe.check(chair, "Chair's cases");
  });

  it('lets the chair hand it to the head with a reason; the chair loses it and the head has it', async () => {
    const chair = await h!.signIn('chair@oak.example');
    await clickAndWait(chair, await link(chair, reference));
    expect(await pageText(chair)).toContain(DESCRIPTION);
    await axe.check(chair, 'Case page with hand-over form');
    await choose(chair, 'Hand it to', 'Helen Carter (headteacher)');
    await fill(chair, 'Why', REASON);
    await clickAndWait(chair, await button(chair, 'Hand the case on'));
    expect(await heading(chair)).toBe('Cases');
    expect(await chair.$eval('.flash', (el) => String(el.textContent))).toContain('handed over');
    expect(await pageText(chair)).not.toContain(reference);

    const head = await h!.signIn('head@oak.example');
    const text = await pageText(head);
    const row = await head.$eval('main table tbody', (el) => String(el.textContent));
    expect(row).toMatch(/OAK-\d{4}-0\d{3}/); // renumbered into the head's own line
    await clickAndWait(head, await link(head, row.match(/OAK-\d{4}-0\d{3}/)![0]));
    const page = await pageText(head);
    expect(page).toContain(DESCRIPTION);
    expect(page).toContain(REASON);
    expect(text).not.toContain(reference);
    await axe.check(head, 'Case page after a hand-over');
  });

  it('no page on the way has a serious or critical accessibility problem', async () => {
    expect(axe.checked.length).toBeGreaterThanOrEqual(5);
    expect(axe.findings).toEqual([]);
    expect(h!.foreignRequests).toEqual([]);
  });
});
