/**
 * Page forms as a busy head meets them after a mistake: the outcome form keeps everything typed
 * and chosen, each message sits beside its field in plain words, and no machine word (a field
 * name, an enum value, an error code) reaches the page.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import request from 'supertest';
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
  formTitled,
  launchBrowser,
  londonLocal,
  README_DIR,
  setDateTime,
  tick,
  valueOf,
  type BrowserHarness,
} from '../support/browser.js';

const SUMMARY = 'A member of staff posted rude comments about the school; advice was given.';
const NOTE = 'Discussed with the member of staff on Tuesday.';

/** Words a person would not write: snake_case, camelCase, SHOUTING_CODES. */
const MACHINE_WORD = /\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]+_[A-Z_]+\b/;

/**
 * The machine words anywhere a person reads on a refused page (its visible text), not only in
 * its messages: a label, an option or a heading that leaked a code would show here.
 */
async function machineWordsOn(page: Page): Promise<string[]> {
  const text = await page.$eval('main, body', (el) =>
    String((el as unknown as { innerText: string }).innerText),
  );
  return [...text.matchAll(new RegExp(MACHINE_WORD.source, 'g'))].map((m) => m[0]);
}

/** The messages a page shows: the summary at the top and each one beside its field. */
const messages = (page: Page) =>
  page.$$eval('.error-summary li, .error-text', (els) =>
    els.map((el) => String((el as unknown as { innerText: string }).innerText).trim()),
  );

describe('page forms after an error', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  let caseId = '';
  let abuseCaseId = '';

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    h = await launchBrowser(appUrl(t));
    const ids = await demoIds(t);
    const filed = await fileReport(
      t,
      await t.login('staff@oak.example'),
      baseReport(ids.school.OAK),
    ).expect(201);
    caseId = filed.body.id as string;
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/transitions`)
      .set(bearer(await t.login('head@oak.example')))
      .send({ to: 'investigating', version: 1, classification: 'conduct_breach' })
      .expect(200);
    const abuse = await fileReport(t, await t.login('staff@oak.example'), {
      ...baseReport(ids.school.OAK),
      subjectRelationship: 'parent',
      subjectName: 'A parent',
      description: 'A parent called a teacher a disgrace on the class Facebook group.',
    }).expect(201);
    abuseCaseId = abuse.body.id as string;
    await request(t.http)
      .post(`/api/v1/cases/${abuseCaseId}/transitions`)
      .set(bearer(await t.login('head@oak.example')))
      .send({ to: 'investigating', version: 1, classification: 'online_abuse' })
      .expect(200);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  const outcomeForm = async (page: Page): Promise<ElementHandle> =>
    formTitled(page, 'Record the outcome');

  it('keeps the outcome form as typed after an error, with the message beside the field in plain words', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(h!.url(`/cases/${caseId}`), { waitUntil: 'load' });
    let form = await outcomeForm(page);
    await choose(form, 'Finding', 'Substantiated');
    await choose(form, 'Sanction', 'Management advice');
    await fill(form, 'Summary for governors', SUMMARY);
    await fill(form, 'Note (optional)', NOTE);
    // Reasons left empty.
    const response = await clickAndWait(page, await button(form, 'Record the outcome'));
    expect(response?.status()).toBe(400);

    form = await outcomeForm(page);
    expect(await valueOf(form, 'Summary for governors')).toBe(SUMMARY);
    expect(await valueOf(form, 'Note (optional)')).toBe(NOTE);
    const chosen = (label: string) =>
      form.$$eval(
        'label',
        (labels, wanted) => {
          const l = labels.find((x) => String(x.textContent).trim() === wanted);
          const select = l?.ownerDocument.getElementById(String(l.getAttribute('for')));
          const s = select as unknown as { selectedOptions: { textContent: string }[] } | null;
          return s ? String(s.selectedOptions[0]?.textContent) : '';
        },
        label,
      );
    expect(await chosen('Finding')).toBe('Substantiated');
    expect(await chosen('Sanction')).toBe('Management advice');

    const beside = await form.$$eval('.field.has-error', (fields) =>
      fields.map((f) => String((f as unknown as { innerText: string }).innerText)),
    );
    expect(beside).toHaveLength(1);
    expect(beside[0]).toMatch(/^Reasons/);
    const shown = await messages(page);
    expect(shown.length).toBeGreaterThanOrEqual(2);
    for (const m of shown) expect(m).not.toMatch(MACHINE_WORD);
    expect(await machineWordsOn(page)).toEqual([]);
    expect(shown.join(' ')).toMatch(/reasons/i);
    await axe.check(page, 'Outcome form after an error');
    // The form itself, for the README: the whole case page is several screens long.
    mkdirSync(README_DIR, { recursive: true });
    await form.screenshot({ path: join(README_DIR, 'outcome-form-error.png') });
  });

  it('says a refused value in words, never the codes the form sends', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(h!.url(`/cases/${caseId}`), { waitUntil: 'load' });
    const form = await outcomeForm(page);
    await choose(form, 'Finding', 'Substantiated');
    // As a stale page or a hand-edited form would send it: a sanction this case does not offer.
    await form.$eval('select[name=sanction]', (el) => {
      const select = el as unknown as { options: { value: string }[]; value: string };
      select.options[1].value = 'written_reprimand';
      select.value = 'written_reprimand';
    });
    await fill(form, 'Reasons', 'The post broke the policy.');
    await fill(form, 'Summary for governors', SUMMARY);
    const response = await clickAndWait(page, await button(form, 'Record the outcome'));
    expect(response?.status()).toBe(400);
    const shown = await messages(page);
    expect(shown.length).toBeGreaterThanOrEqual(1);
    for (const m of shown) expect(m).not.toMatch(MACHINE_WORD);
    expect(await machineWordsOn(page)).toEqual([]);
    expect(shown.join(' ')).toMatch(/sanction/i);
    expect(await valueOf(await outcomeForm(page), 'Reasons')).toBe('The post broke the policy.');
  });

  it('keeps a refused note as typed, with the message beside it', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(h!.url(`/cases/${caseId}`), { waitUntil: 'load' });
    const form = await formTitled(page, 'Add a note');
    // A pasted document over the 20,000-character limit, as it arrives in the box.
    const long = `${'Notes from the meeting with the member of staff. '.repeat(410)}End.`;
    expect(long.length).toBeGreaterThan(20_000);
    await form.$eval(
      'textarea',
      (el, text) => {
        (el as unknown as { value: string }).value = text;
      },
      long,
    );
    const response = await clickAndWait(page, await button(form, 'Add note'));
    expect(response?.status()).toBe(400);
    const again = await formTitled(page, 'Add a note');
    expect(await valueOf(again, 'Note')).toBe(long);
    const beside = await again.$eval('.field.has-error .error-text', (el) =>
      String(el.textContent).replace(/\s+/g, ' ').trim(),
    );
    expect(beside).toBe('Error: “Note” is too long (at most 20000 characters).');
    for (const m of await messages(page)) expect(m).not.toMatch(MACHINE_WORD);
    expect(await machineWordsOn(page)).toEqual([]);
    await axe.check(page, 'Note form after an error');
  });

  it('names the report form’s own question when a date is refused, and keeps the report', async () => {
    const page = await h!.signIn('staff@oak.example');
    await page.goto(h!.url('/reports/new'), { waitUntil: 'load' });
    const description = 'A member of staff shared a photo of a pupil on Instagram.';
    const nextWeek = londonLocal(new Date(Date.now() + 7 * 86_400_000));
    await tick(page, 'Someone connected with the school broke the social-media policy');
    await tick(page, 'SM-05');
    await fill(page, 'What happened?', description);
    await setDateTime(page, 'When was it posted or done?', nextWeek);
    await tick(page, 'No');
    await fill(page, 'Or type their name (optional)', 'Jordan Blake');
    await choose(page, 'How are they connected to the school?', 'A member of staff');
    await choose(page, 'Where was it?', 'Instagram');
    const response = await clickAndWait(page, await button(page, 'Send the report'));
    expect(response?.status()).toBe(400);
    const shown = await messages(page);
    expect(shown).toContain('“When was it posted or done?” cannot be in the future.');
    for (const m of shown) expect(m).not.toMatch(MACHINE_WORD);
    expect(await machineWordsOn(page)).toEqual([]);
    expect(await valueOf(page, 'What happened?')).toBe(description);
    expect(await valueOf(page, 'When was it posted or done?')).toBe(nextWeek);
    await axe.check(page, 'Report form after a refused date');
  });

  /** The messages beside fields in a form, and none of the page's words machine words. */
  const besideFields = async (form: ElementHandle) =>
    form.$$eval('.field.has-error .error-text', (els) =>
      els.map((el) => String(el.textContent).replace(/\s+/g, ' ').trim()),
    );

  it('keeps a refused action as chosen and typed, naming the missing field in words', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(h!.url(`/cases/${abuseCaseId}`), { waitUntil: 'load' });
    let form = await formTitled(page, 'Record an action taken');
    await choose(form, 'Action', 'Takedown request to the platform');
    await fill(form, 'What was done (optional)', 'Reported the post through the form.');
    // The platform is left as "Not a takedown".
    const response = await clickAndWait(page, await button(form, 'Record the action'));
    expect(response?.status()).toBe(400);
    form = await formTitled(page, 'Record an action taken');
    expect(await valueOf(form, 'What was done (optional)')).toBe(
      'Reported the post through the form.',
    );
    expect(
      await form.$eval('#action-kind', (el) =>
        String(
          (el as unknown as { selectedOptions: { textContent: string }[] }).selectedOptions[0]
            ?.textContent,
        ),
      ),
    ).toBe('Takedown request to the platform');
    expect(await besideFields(form)).toEqual(['Error: Fill in “Platform”.']);
    for (const m of await messages(page)) expect(m).not.toMatch(MACHINE_WORD);
    await axe.check(page, 'Action form after an error');
  });

  it('keeps a refused message and a refused legal-hold reason as typed', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(h!.url(`/cases/${caseId}`), { waitUntil: 'load' });
    let form = await formTitled(page, 'Legal hold');
    await fill(form, 'Reason and reference', 'ab');
    let response = await clickAndWait(page, await button(form, 'Place a legal hold'));
    expect(response?.status()).toBe(400);
    form = await formTitled(page, 'Legal hold');
    expect(await valueOf(form, 'Reason and reference')).toBe('ab');
    expect(await besideFields(form)).toEqual([
      'Error: “Reason and reference” is too short (at least 3 characters).',
    ]);
    for (const m of await messages(page)) expect(m).not.toMatch(MACHINE_WORD);

    form = await formTitled(page, 'Send a message to the person who reported it');
    const long = `${'Could you tell me when you first saw the post? '.repeat(110)}`;
    expect(long.length).toBeGreaterThan(5000);
    await form.$eval(
      'textarea',
      (el, text) => {
        (el as unknown as { value: string }).value = text;
      },
      long,
    );
    response = await clickAndWait(page, await button(form, 'Send the message'));
    expect(response?.status()).toBe(400);
    form = await formTitled(page, 'Send a message to the person who reported it');
    expect(await valueOf(form, 'Message')).toBe(long);
    expect(await besideFields(form)).toEqual([
      'Error: A message must be between 1 and 5,000 characters.',
    ]);
    for (const m of await messages(page)) expect(m).not.toMatch(MACHINE_WORD);
    await axe.check(page, 'Message and legal-hold forms after an error');
  });

  // Last: it records the outcome, which the tests above do not expect.
  it('keeps a governors’ summary that names someone, says which names, and saves it once ticked', async () => {
    const page = await h!.signIn('head@oak.example');
    await page.goto(h!.url(`/cases/${caseId}`), { waitUntil: 'load' });
    let form = await outcomeForm(page);
    const named = 'Tom Reed posted rude comments about the school; advice was given.';
    await choose(form, 'Finding', 'Substantiated');
    await choose(form, 'Sanction', 'Management advice');
    await fill(form, 'Reasons', 'The post broke the policy.');
    await fill(form, 'Summary for governors', named);
    const response = await clickAndWait(page, await button(form, 'Record the outcome'));
    expect(response?.status()).toBe(422);

    form = await outcomeForm(page);
    expect(await valueOf(form, 'Summary for governors')).toBe(named);
    const beside = await form.$eval('.field.has-error .error-text', (el) =>
      String(el.textContent).replace(/\s+/g, ' ').trim(),
    );
    expect(beside).toBe('Error: These names appear: Tom Reed. Remove them or tick to confirm.');
    for (const m of await messages(page)) expect(m).not.toMatch(MACHINE_WORD);
    expect(await machineWordsOn(page)).toEqual([]);
    await axe.check(page, 'Outcome form with names found in the summary');

    await tick(form, 'I have checked these names: keep them in the summary for governors');
    await clickAndWait(page, await button(form, 'Record the outcome'));
    expect(page.url()).toContain('done=moved');
    expect(await page.$eval('body', (el) => String(el.textContent))).toContain(
      'names in it kept after the check',
    );
  });

  it('finds no serious accessibility problem on any page seen', async () => {
    expect(axe.checked.length).toBeGreaterThanOrEqual(1);
    expect(axe.findings).toEqual([]);
  });
});
