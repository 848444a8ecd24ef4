/**
 * An admin pastes the school's own policy, reviews the proposed clauses (drops one, edits
 * another) and publishes them as a new approved version, in Chromium.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { SEEDS, seedText } from '../../src/schools/policy-import/seed-policies.fixtures.js';
import { SchoolsService } from '../../src/schools/schools.service.js';
import { demoIds } from '../support/demo.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  button,
  clickAndWait,
  control,
  fill,
  heading,
  launchBrowser,
  link,
  pageText,
  setDateTime,
  type BrowserHarness,
} from '../support/browser.js';

describe("the school's own policy in the browser", () => {
  const axe = new AxeLog();
  let t: TestApp;
  let h: BrowserHarness | undefined;

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

  it('pastes a policy, reviews the proposal and publishes it as an approved version', async () => {
    const ids = await demoIds(t);
    const admin = await h!.signIn('admin@oak.example');
    await clickAndWait(admin, await link(admin, "Import your school's own policy"));
    expect(await heading(admin)).toBe('Import the policy of Oak Primary School');
    await axe.check(admin, 'policy import');

    // Pasting is one input event, as a paste is (typing 10,000 characters is not the test).
    const box = await control(admin, 'Paste the policy text');
    await box.evaluate((el, text) => {
      el.value = text;
      el.dispatchEvent(new el.ownerDocument.defaultView.Event('input', { bubbles: true }));
    }, seedText(SEEDS.coadsGreen));
    await clickAndWait(admin, await button(admin, 'Propose clauses'));
    expect(await heading(admin)).toBe('Check the proposed clauses');
    await axe.check(admin, 'policy review');
    const proposed = await admin.$$eval('input[name="title"]', (els) => els.length);
    expect(proposed).toBeGreaterThan(3);
    const secondCode = await (
      await control(admin, 'Code of clause 2')
    ).evaluate((el) => String(el.value));

    // Drop the first clause, reword the second; the rest stand as proposed.
    const keepFirst = await control(admin, 'Keep clause 1');
    await keepFirst.click();
    expect(await keepFirst.evaluate((el) => Boolean(el.checked))).toBe(false);
    await fill(admin, 'Title of clause 2', 'Our own wording of this rule');
    // First without the approval: the form comes back with the problems and the edits kept.
    await clickAndWait(admin, await button(admin, 'Publish as a new version'));
    expect(await pageText(admin)).toMatch(/Approved by must say who approved it/);
    expect(await (await control(admin, 'Title of clause 2')).evaluate((el) => el.value)).toBe(
      'Our own wording of this rule',
    );
    expect(await (await control(admin, 'Keep clause 1')).evaluate((el) => el.checked)).toBe(false);
    await axe.check(admin, 'policy review with errors');

    await fill(admin, 'Approved by', 'Full governing body');
    await setDateTime(admin, 'Approval date', '2026-09-15');
    await setDateTime(admin, 'Review date', '2027-09-15');
    await clickAndWait(admin, await button(admin, 'Publish as a new version'));
    expect(await heading(admin)).toBe('Admin');
    expect(await pageText(admin)).toMatch(
      /Approved by Full governing body on 2026-09-15; due for review by 2027-09-15/,
    );

    const policy = await t.app.get(SchoolsService).currentPolicy(ids.school.OAK);
    expect(policy?.version).toBe(2);
    expect(policy?.clauses).toHaveLength(proposed - 1);
    expect(policy?.clauses[0]).toMatchObject({
      code: secondCode,
      title: 'Our own wording of this rule',
    });
    expect(policy?.clauses[0].text?.length).toBeGreaterThan(20);
    expect(axe.findings).toEqual([]);
  });

  it('sends staff to read and acknowledge the new version at sign-in, until they do; the head sees who has not', async () => {
    const staff = await h!.signIn('staff@oak.example');
    expect(await heading(staff)).toBe('Read the policy');
    expect(await pageText(staff)).toMatch(/Our own wording of this rule/);
    await axe.check(staff, 'read the policy');
    await clickAndWait(staff, await button(staff, 'I have read and acknowledge version 2'));
    expect(await heading(staff)).toBe('My reports');
    expect(await pageText(staff)).toMatch(/your acknowledgement of the policy is recorded/);

    // Signing in again goes straight home: it is asked once per version.
    const again = await h!.signIn('staff@oak.example');
    expect(await heading(again)).toBe('My reports');

    // The head is staff too: asked first, then sees the school's list.
    const head = await h!.signIn('head@oak.example');
    expect(await heading(head)).toBe('Read the policy');
    await clickAndWait(head, await button(head, 'I have read and acknowledge version 2'));
    expect(await heading(head)).toBe('Cases');
    await clickAndWait(head, await link(head, 'Policy'));
    expect(await heading(head)).toBe('Policy acknowledgements');
    await axe.check(head, 'policy acknowledgements');
    const text = await pageText(head);
    const [notYet, done] = text.split(/Acknowledged \(/);
    expect(notYet).toMatch(/Not yet acknowledged version 2/);
    expect(notYet).toMatch(/Tom Reed/); // staff2
    expect(notYet).not.toMatch(/Aisha Bello/); // a governor is not staff
    expect(done).toMatch(/^2\)/);
    expect(done).toMatch(/Priya Shah/);
    expect(done).toMatch(/Helen Carter/);
    expect(axe.findings).toEqual([]);
  });
});
