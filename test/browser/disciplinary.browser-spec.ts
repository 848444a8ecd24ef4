/**
 * A full disciplinary case through the pages (issue 14): the head calls a hearing and sends
 * the invitation letter, the employee's one postponement (a second date too late is refused
 * beside its field), the hearing manager records the hearing and decides a final written
 * warning, the head sends the outcome letter and records the appeal, the chair appoints a
 * panel, the panel reduces it to a first written warning, and the case closes. pdftotext reads
 * both letters and the HR file. axe checks every page seen.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { FixedClock } from '../../src/common/clock/clock.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { Membership } from '../../src/users/membership.entity.js';
import { User } from '../../src/users/user.entity.js';
import { CaseSteps } from '../support/case-steps.js';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
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
  link,
  londonLocal,
  pageText,
  setDateTime,
  tick,
  valueOf,
  type BrowserHarness,
} from '../support/browser.js';

const SUBJECT = 'Tom Reed'; // staff2@oak.example
const NOTES = 'Tom accepted writing the post and said he had not read the policy.';

describe('a disciplinary case through the pages', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday
  let caseId = '';
  let caseUrl = '';
  let firstHearing: Date;

  beforeAll(async () => {
    t = await createTestApp({ listen: true, clock });
    h = await launchBrowser(appUrl(t));
    const ids = await demoIds(t);
    // A governor who had no part in the case, to hear the appeal.
    await t.app.get(TransactionRunner).run(async (em) => {
      const demo = await em.getRepository(User).findOneByOrFail({ email: 'governor@oak.example' });
      const id = randomUUID();
      await em
        .getRepository(User)
        .insert({ ...demo, id, email: 'panel@oak.example', name: 'Ruth Ellis' });
      await em.getRepository(Membership).insert({
        id: randomUUID(),
        userId: id,
        schoolId: ids.school.OAK,
        role: 'governor',
        createdAt: clock.now(),
      });
    });
    // Reported, triaged and advised on through the API: the pages for those have their own tests.
    const steps = new CaseSteps(t, clock);
    const staff = await t.login('staff@oak.example');
    const head = await t.login('head@oak.example');
    const hr = await t.login('hr@council.example');
    const filed = await fileReport(
      t,
      staff,
      baseReport(ids.school.OAK, {
        subjectName: SUBJECT,
        subjectUserId: ids.user('staff2@oak.example'),
      }),
    ).expect(201);
    caseId = filed.body.id as string;
    caseUrl = `${appUrl(t)}/cases/${caseId}`;
    await steps.triage(head, caseId, 'conduct_breach');
    await steps.hrAdvice(head, hr, caseId, 'A hearing is proportionate; a warning is likely.');
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);
  const open = async (email: string): Promise<Page> => {
    const page = await h!.signIn(email);
    await page.goto(caseUrl);
    return page;
  };
  const flash = (page: Page) => page.$eval('.flash', (el) => String(el.textContent).trim());

  it('the head calls the hearing and downloads the invitation letter', async () => {
    const head = await open('head@oak.example');
    await axe.check(head, 'Case page (advised, before a hearing)');
    const form = await formTitled(head, 'Call a disciplinary hearing');
    await choose(form, 'Hearing manager', 'Joanne Walsh');
    firstHearing = new Date('2026-11-30T10:00:00.000Z');
    await setDateTime(form, 'Date and time of the hearing', londonLocal(firstHearing));
    await fill(form, 'Place of the hearing', 'Meeting room 2');
    await setDateTime(form, 'Date the invitation letter is sent', '2026-11-16');
    await clickAndWait(head, await button(form, 'Call the hearing'));
    expect(await flash(head)).toBe('The case has moved on.');
    const text = await pageText(head);
    expect(text).toContain('Disciplinary hearing');
    expect(text).toContain('Meeting room 2');
    await axe.check(head, 'Case page (hearing called)');

    const letter = await download(head, 'Download the invitation letter (PDF)');
    expect(letter.status).toBe(200);
    const words = pdfText(letter.body);
    expect(words).toContain(`Dear ${SUBJECT}`);
    expect(words).toContain('30 Nov 2026, 10:00');
    expect(words).toContain('Meeting room 2');
    expect(words).toContain('Joanne Walsh');
    expect(words).toContain('SM-05');
    expect(words).toMatch(/work colleague or a\s+trade union representative/);
  });

  it('the employee postpones once; a date past five working days is refused beside its field', async () => {
    const head = await open('head@oak.example');
    let form = await formTitled(head, 'Postpone the hearing (once)');
    const tooLate = new Date(firstHearing.getTime() + 9 * 86_400_000);
    await setDateTime(form, 'Date and time of the hearing', londonLocal(tooLate));
    await fill(form, 'Note', 'The union representative is away that week.');
    const refused = await clickAndWait(head, await button(form, 'Postpone'));
    expect(refused?.status()).toBe(409);
    form = await formTitled(head, 'Postpone the hearing (once)');
    const beside = await form.$eval('.error-text', (el) => String(el.textContent));
    expect(beside).toContain('A postponed hearing must be within 5 working days');
    // What was typed is still there.
    expect(await form.$eval('textarea', (el) => String(el.value))).toBe(
      'The union representative is away that week.',
    );
    await axe.check(head, 'Postponement refused');

    const later = new Date(firstHearing.getTime() + 2 * 86_400_000);
    await setDateTime(form, 'Date and time of the hearing', londonLocal(later));
    await clickAndWait(head, await button(form, 'Postpone'));
    expect(await flash(head)).toBe('The case has moved on.');
    expect(await pageText(head)).toContain('postponed from 30 Nov 2026, 10:00');
  });

  it('the hearing manager records the hearing and decides a final written warning', async () => {
    clock.advanceDays(17); // Thursday 3 December, after the postponed hearing
    const dsl = await open('dsl@oak.example');
    await axe.check(dsl, 'Case page (hearing manager)');
    let record = await formTitled(dsl, 'Record the hearing');
    await choose(record, 'Who came with the employee', 'A trade union representative');
    await fill(record, 'Notes of the hearing', NOTES);
    // Their name forgotten: the form comes back as typed, the message beside the name.
    const refused = await clickAndWait(dsl, await button(record, 'Record the hearing'));
    expect(refused?.status()).toBe(400);
    record = await formTitled(dsl, 'Record the hearing');
    expect(await valueOf(record, 'Notes of the hearing')).toBe(NOTES);
    expect(
      await record.$eval('#companion', (el) => String(el.selectedOptions[0]?.textContent)),
    ).toBe('A trade union representative');
    expect(
      await record.$eval('.has-error .error-text', (el) =>
        String(el.textContent).replace(/\s+/g, ' ').trim(),
      ),
    ).toBe('Error: Fill in “Their name”.');
    await fill(record, 'Their name (unless nobody came)', 'Pat Morgan');
    await clickAndWait(dsl, await button(record, 'Record the hearing'));
    expect(await flash(dsl)).toBe('The hearing was recorded.');
    expect(await pageText(dsl)).toContain('A trade union representative: Pat Morgan');

    const decide = await formTitled(dsl, 'Record the hearing’s decision');
    await choose(decide, 'Finding', 'Substantiated');
    await choose(decide, 'Sanction', 'Final written warning');
    await fill(decide, 'Reasons', 'The post was public and named a colleague.');
    await fill(
      decide,
      'Summary for governors',
      'A member of staff posted about the school; a warning was given.',
    );
    await clickAndWait(dsl, await button(decide, 'Record the decision'));
    expect(await pageText(dsl)).toContain('Final written warning');
    await axe.check(dsl, 'Case page (decided at the hearing)');
  });

  it('the head sends the outcome letter and records the appeal', async () => {
    const head = await open('head@oak.example');
    const letter = await download(head, 'Download the outcome letter (PDF)');
    expect(letter.status).toBe(200);
    const words = pdfText(letter.body);
    expect(words).toContain('Final written warning');
    expect(words).toMatch(/within 10 working days of the date of this letter/);
    expect(words).toContain('17 Dec 2026'); // ten working days from Thursday 3 December

    const sent = await formTitled(head, 'The outcome letter');
    await clickAndWait(head, await button(sent, 'Record that it was sent'));
    expect(await flash(head)).toContain('The appeal window runs from it');

    const appeal = await formTitled(head, 'Record an appeal');
    await fill(
      appeal,
      'The grounds of appeal, as written',
      'A first post; the warning is too severe.',
    );
    await clickAndWait(head, await button(appeal, 'Record the appeal'));
    expect(await flash(head)).toBe('The case has moved on.');
    await axe.check(head, 'Case page (appeal lodged)');
  });

  it('the chair appoints a panel, which reduces the warning; the head closes the case', async () => {
    // The chair finds the appeal waiting in their own list, and goes to it from there.
    const chair = await h!.signIn('chair@oak.example');
    await chair.goto(`${appUrl(t)}/cases`);
    const waiting = async (page: Page) =>
      page.$$eval('table', (tables) =>
        tables
          .filter((x) => /waiting for you/i.test(String(x.querySelector('caption')?.textContent)))
          .map((x) => String((x as unknown as { innerText: string }).innerText)),
      );
    const chairWaiting = (await waiting(chair)).join('\n');
    expect(chairWaiting).toContain('Appoint a panel to hear its appeal');
    await axe.check(chair, 'Case list (chair, an appeal waiting)');
    await clickAndWait(chair, await chair.$(`a[href="/cases/${caseId}"]`).then((a) => a!));
    await axe.check(chair, 'Case page (chair, appointing)');
    const panel = await formTitled(chair, 'Appoint the appeal panel');
    await tick(panel, 'Ruth Ellis');
    await clickAndWait(chair, await button(panel, 'Appoint the panel'));
    expect(await flash(chair)).toBe('The panel was appointed and its members told.');
    await chair.goto(`${appUrl(t)}/cases`);
    expect((await waiting(chair)).join('\n')).toContain(
      'Its appeal panel is appointed: waiting for its decision',
    );

    // The panel member's list shows the appeal they sit on.
    const member = await h!.signIn('panel@oak.example');
    await member.goto(`${appUrl(t)}/cases`);
    expect((await waiting(member)).join('\n')).toContain('You sit on its appeal panel');
    await member.goto(caseUrl);
    const decide = await formTitled(member, 'Decide the appeal');
    await choose(decide, 'Appeal result', 'Reduced');
    await choose(decide, 'Sanction (optional)', 'First written warning');
    await clickAndWait(member, await button(decide, 'Record the appeal decision'));
    expect(await flash(member)).toBe('The case has moved on.');

    const head = await open('head@oak.example');
    // The summary said "a warning": after the appeal the head corrects it for governors.
    const correct = await formTitled(head, 'Correct the summary for governors');
    await fill(
      correct,
      'Summary for governors',
      'A member of staff posted about the school; on appeal the warning became a first written warning.',
    );
    await clickAndWait(head, await button(correct, 'Save the corrected summary'));
    expect(await flash(head)).toBe('The case has moved on.');
    expect(await pageText(head)).toContain('Summary for governors corrected');
    expect(await pageText(head)).toContain('on appeal the warning became a first written warning');
    const close = await formTitled(head, 'Close the case');
    await clickAndWait(head, await button(close, 'Close the case'));
    expect(await pageText(head)).toContain('Closed');
    await axe.check(head, 'Case page (closed)');

    const file = await download(head, 'Download the HR case file (PDF)');
    const words = pdfText(file.body);
    for (const expected of [
      'Final written warning',
      'First written warning',
      'Appeal lodged',
      'A trade union representative: Pat Morgan',
      NOTES,
      'Superseded summary for governors',
    ])
      expect(words).toContain(expected);
    expect(axe.findings).toEqual([]);
  });

  it('the admin sets the school’s procedures; a bad value is refused beside its field', async () => {
    const admin = await h!.signIn('admin@oak.example');
    await clickAndWait(admin, await link(admin, 'Procedures at OAK'));
    await axe.check(admin, 'Procedure settings');
    await fill(admin, 'Notice of a disciplinary hearing, in working days', '0');
    await tick(
      admin,
      'A panel of at least three governors who were not involved (maintained schools)',
    );
    const refused = await clickAndWait(admin, await button(admin, 'Save the settings'));
    expect(refused?.status()).toBe(400);
    expect(await admin.$eval('#noticeWorkingDays-error', (el) => String(el.textContent))).toContain(
      "Working days' notice of a disciplinary hearing must be at least 1",
    );
    // What was typed is kept, the tick included.
    expect(await admin.$eval('#noticeWorkingDays', (el) => String(el.value))).toBe('0');
    expect(await admin.$eval('#dismissalByPanel', (el) => Boolean(el.checked))).toBe(true);
    await axe.check(admin, 'Procedure settings (refused)');
    await fill(admin, 'Notice of a disciplinary hearing, in working days', '7');
    await clickAndWait(admin, await button(admin, 'Save the settings'));
    expect(await flash(admin)).toBe('The procedure settings were saved.');
    expect(await admin.$eval('#noticeWorkingDays', (el) => String(el.value))).toBe('7');
    expect(axe.findings).toEqual([]);
  });
});
