/**
 * An admin imports 500 people from a MIS export in Chromium, adds one who accepts the
 * invitation, and a person resets a forgotten password with a link that works once.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { User } from '../../src/users/user.entity.js';
import { startSmtpSink } from '../support/smtp-sink.js';
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
  tempFile,
  tick,
  type BrowserHarness,
} from '../support/browser.js';

describe('people and passwords in the browser', () => {
  const axe = new AxeLog();
  let t: TestApp;
  let h: BrowserHarness | undefined;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: Page;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({
      listen: true,
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cases.example.org' },
    });
    h = await launchBrowser(appUrl(t));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
    await smtp?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  /** The app's own link from the last mail to `to`, on this test's address. */
  const mailedLink = async (to: string): Promise<string> => {
    await t.app.get(JobQueue).drained();
    const mail = [...smtp.mails].reverse().find((m) => m.to.includes(to));
    const found = mail && /https:\/\/cases\.example\.org(\/\S+)/.exec(mail.text);
    if (!found) throw new Error(`no link mailed to ${to}`);
    return h!.url(found[1]);
  };

  const uploadCsv = async (page: Page, name: string, text: string) => {
    const file = tempFile(name, Buffer.from(text));
    try {
      const input = await control(page, 'CSV file');
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file.path);
      await clickAndWait(page, await button(page, 'Check the file'));
    } finally {
      file.remove();
    }
  };

  it('imports 500 people from a MIS export, after a preview', async () => {
    admin = await h!.signIn('admin@oak.example');
    await clickAndWait(admin, await link(admin, 'People at OAK'));
    expect(await heading(admin)).toBe('People at Oak Primary School');
    await axe.check(admin, 'people');
    const before = await t.dataSource.getRepository(User).count();
    const rows = ['\uFEFF"Email","Name","Role"'];
    for (let i = 1; i <= 500; i++) {
      rows.push(
        `"pupil.support.${i}@oak.example","Aled ${i}, Jones",${i % 50 === 0 ? 'governor' : 'staff'}`,
      );
    }
    await uploadCsv(admin, 'mis-export.csv', rows.join('\r\n'));
    expect(await heading(admin)).toBe('Check the import');
    expect(await pageText(admin)).toContain('500 rows are ready.');
    await axe.check(admin, 'import preview');
    // Nothing is written by the preview.
    expect(await t.dataSource.getRepository(User).count()).toBe(before);
    await clickAndWait(admin, await button(admin, 'Import 500 changes'));
    expect(new URL(admin.url()).pathname).toMatch(/\/people$/);
    expect(await pageText(admin)).toContain('The people in the file were imported.');
    expect(await t.dataSource.getRepository(User).count()).toBe(before + 500);
    expect(await pageText(admin)).toContain('Aled 250, Jones');

    // The same file again changes nothing.
    await uploadCsv(admin, 'mis-export.csv', rows.join('\r\n'));
    expect(await pageText(admin)).toContain(
      '0 new people, 0 existing people given a new role, 500 already as in the file',
    );
  }, 120_000);

  it('shows a reason for each bad row and saves nothing', async () => {
    await admin.goto(h!.url(new URL(admin.url()).pathname.replace(/\/import$/, '')));
    const before = await t.dataSource.getRepository(User).count();
    await uploadCsv(
      admin,
      'bad.csv',
      'email,name,role\nok@oak.example,Ok,staff\nbad@oak.example,"=HYPERLINK(""http://x"")",staff\nok@oak.example,Twice,staff\n',
    );
    const text = await pageText(admin);
    expect(text).toContain('2 of 3 rows cannot be imported');
    expect(text).toMatch(/formula/);
    expect(text).toContain('the email address is also in row 2');
    expect(await t.dataSource.getRepository(User).count()).toBe(before);
  });

  it('adds a person, who chooses a password from the invitation', async () => {
    await admin.goto(h!.url('/admin'));
    await clickAndWait(admin, await link(admin, 'People at OAK'));
    await fill(admin, 'Email address', 'ffion.hughes@oak.example');
    await fill(admin, 'Full name', 'Ffion Hughes');
    await tick(admin, 'Staff');
    await clickAndWait(admin, await button(admin, 'Add the person'));
    expect(await pageText(admin)).toContain('The person was added.');
    const invited = await h!.newPage();
    await invited.goto(await mailedLink('ffion.hughes@oak.example'));
    expect(await heading(invited)).toBe('Choose your password');
    await axe.check(invited, 'choose a password');
    await fill(invited, 'New password', 'ffion picks a long one');
    await fill(invited, 'New password again', 'ffion picks a long one');
    await clickAndWait(invited, await button(invited, 'Save the password'));
    expect(await pageText(invited)).toContain('Your password is set.');
    await h!.signIn('ffion.hughes@oak.example', 'ffion picks a long one');
  });

  it('resets a forgotten password with a link that works once', async () => {
    const page = await h!.newPage();
    await page.goto(h!.url('/login'));
    await clickAndWait(page, await link(page, 'Forgotten your password?'));
    await axe.check(page, 'forgotten password');
    await fill(page, 'Email address', 'governor@oak.example');
    await clickAndWait(page, await button(page, 'Send the link'));
    expect(await pageText(page)).toContain('a link to reset its password is on its way');
    const resetLink = await mailedLink('governor@oak.example');
    await page.goto(resetLink);
    await fill(page, 'New password', 'a brand new password');
    await fill(page, 'New password again', 'a brand new password');
    await clickAndWait(page, await button(page, 'Save the password'));
    expect(await pageText(page)).toContain('Your password is set.');
    await h!.signIn('governor@oak.example', 'a brand new password');
    await page.goto(resetLink);
    expect(await pageText(page)).toContain('This link no longer works');
  });

  it('finds no serious accessibility problem on these pages', async () => {
    await admin.goto(h!.url('/admin'));
    await clickAndWait(admin, await link(admin, 'Sign-in for OAK'));
    await axe.check(admin, 'sign-in settings');
    await admin.goto(h!.url('/admin'));
    await clickAndWait(admin, await link(admin, 'People at OAK'));
    await clickAndWait(admin, await link(admin, 'Change Priya Shah'));
    await axe.check(admin, 'person');
    // The subject access register, with a refused form showing its messages.
    await admin.goto(h!.url('/admin'));
    await clickAndWait(admin, await link(admin, 'Subject access requests at OAK'));
    await clickAndWait(admin, await button(admin, 'Record the request'));
    expect(await pageText(admin)).toContain('There is a problem');
    await axe.check(admin, 'subject access register');
    expect(axe.findings).toEqual([]);
    expect(h!.foreignRequests).toEqual([]);
  });
});
