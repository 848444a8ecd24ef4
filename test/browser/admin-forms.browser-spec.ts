/**
 * The admin's forms after a mistake: people, sign-in, the school's settings, the policy import
 * and publishing. Each refusal is said in the form's own words, beside its field where it has
 * one, with what was typed kept; no field name, enum value or error code reaches the page.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import request from 'supertest';
import { demoIds } from '../support/demo.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  clickAndWait,
  launchBrowser,
  type BrowserHarness,
} from '../support/browser.js';

/** Words a person would not write: snake_case, camelCase, SHOUTING_CODES. */
const MACHINE_WORD = /\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]+_[A-Z_]+\b/;

const messages = (page: Page) =>
  page.$$eval('.error-summary li, .error-text', (els) =>
    els.map((el) => String((el as unknown as { innerText: string }).innerText).trim()),
  );

/** Sets the named boxes of the form that holds `selector`, then sends it as a person would. */
async function send(page: Page, formSelector: string, values: Record<string, string>) {
  const form = await page.$(formSelector);
  if (!form) throw new Error(`no form ${formSelector}`);
  await form.evaluate((el, vals) => {
    for (const [name, value] of Object.entries(vals)) {
      const box = el.querySelector(`[name="${name}"]`) as unknown as {
        value: string;
        type?: string;
        checked?: boolean;
        removeAttribute(a: string): void;
      } | null;
      if (!box) throw new Error(`no box ${name}`);
      // The browser's own checks would stop the form before the server says anything.
      box.removeAttribute('required');
      box.removeAttribute('min');
      box.removeAttribute('max');
      box.value = value;
    }
  }, values);
  const submit = await form.$('button[type=submit]');
  return clickAndWait(page, submit!);
}

describe('admin forms after an error', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  let school = '';

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    h = await launchBrowser(appUrl(t));
    school = (await demoIds(t)).school.OAK;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  const plain = async (page: Page) => {
    const shown = await messages(page);
    expect(shown.length).toBeGreaterThanOrEqual(1);
    for (const m of shown) expect(m).not.toMatch(MACHINE_WORD);
    return shown;
  };

  it('adding a person: a bad address and no role, in words, with the name kept', async () => {
    const page = await h!.signIn('admin@oak.example');
    await page.goto(h!.url(`/admin/schools/${school}/people`), { waitUntil: 'load' });
    const response = await send(page, `form[action$="/people"]`, {
      email: 'not an address',
      name: 'Priya Shah',
    });
    expect(response?.status()).toBe(400);
    await plain(page);
    expect(await page.$eval('#name', (el) => (el as unknown as { value: string }).value)).toBe(
      'Priya Shah',
    );
    await axe.check(page, 'People page after an error');
  });

  it('the school settings: numbers out of range and a bad closure day, in words', async () => {
    const page = await h!.signIn('admin@oak.example');
    await page.goto(h!.url(`/admin/schools/${school}/settings`), { waitUntil: 'load' });
    const response = await send(page, `form[action$="/settings"]`, {
      noticeWorkingDays: '0',
      closureDays: 'the first of never',
    });
    expect(response?.status()).toBe(400);
    await plain(page);
    expect(
      await page.$eval('#closureDays', (el) => (el as unknown as { value: string }).value),
    ).toBe('the first of never');
    await axe.check(page, 'Settings page after an error');
  });

  it('school sign-in: an address that is not a web address, in words', async () => {
    const page = await h!.signIn('admin@oak.example');
    await page.goto(h!.url(`/admin/schools/${school}/sign-in`), { waitUntil: 'load' });
    const response = await send(page, `form[action$="/sign-in"]`, {
      issuer: 'not a web address',
      clientId: 'oak-tracker',
      allowedDomains: 'oak.example',
    });
    expect(response?.status()).toBe(400);
    await plain(page);
    await axe.check(page, 'Sign-in settings after an error');
  });

  it('the policy import with nothing in it, and publishing without an approval, in words', async () => {
    const page = await h!.signIn('admin@oak.example');
    await page.goto(h!.url(`/admin/schools/${school}/policy/import`), { waitUntil: 'load' });
    let response = await send(page, 'form[action*="/policy/import"]', { text: '' });
    expect(response?.status()).toBe(400);
    await plain(page);

    await page.goto(h!.url('/admin'), { waitUntil: 'load' });
    response = await send(page, `form[action="/admin/policy"]:has(input[value="${school}"])`, {
      approvedBy: '',
      approvedOn: '',
      reviewDue: '',
    });
    expect(response?.status()).toBe(400);
    await plain(page);
    await axe.check(page, 'Admin page after a refused publication');
  });

  it('the admin pages in Welsh, for an admin who chose Welsh, keep their labels and lang', async () => {
    const token = await t.login('admin@oak.example');
    const language = (value: string) =>
      request(t.http)
        .put('/api/v1/auth/me/language')
        .set(bearer(token))
        .send({ language: value })
        .expect(200);
    await language('cy');
    try {
      const page = await h!.signIn('admin@oak.example');
      for (const path of ['people', 'settings', 'sign-in', 'subject-access', 'policy/import']) {
        await page.goto(h!.url(`/admin/schools/${school}/${path}`), { waitUntil: 'load' });
        expect(await page.$eval('html', (el) => el.getAttribute('lang'))).toBe('cy');
        await axe.check(page, `Welsh ${path} page`);
      }
      await page.goto(h!.url('/admin'), { waitUntil: 'load' });
      expect(await page.$eval('h1', (el) => el.textContent)).toBe('Gweinyddu');
      await axe.check(page, 'Welsh admin page');
    } finally {
      await language('school');
    }
  });

  it('finds no serious accessibility problem on any page seen', async () => {
    expect(axe.checked.length).toBeGreaterThanOrEqual(1);
    expect(axe.findings).toEqual([]);
  });
});
