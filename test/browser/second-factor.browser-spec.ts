/**
 * A head enrols an authenticator app and a passkey in Chromium, with the second factor
 * enforced as production enforces it (REQUIRE_SECOND_FACTOR=true), and cannot reach a case
 * without it. Codes are computed by the test from RFC 6238; the passkey lives in Chromium's
 * virtual authenticator (DevTools WebAuthn domain), so the real browser ceremony runs.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import { FixedClock } from '../../src/common/clock/clock.js';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { freePort } from '../support/spawned-app.js';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../support/test-app.js';
import { totp } from '../support/totp.js';
import {
  AxeLog,
  browserIt,
  button,
  clickAndWait,
  fill,
  heading,
  launchBrowser,
  pageText,
  type BrowserHarness,
} from '../support/browser.js';

describe('second factor in the browser', () => {
  const clock = new FixedClock(new Date());
  const axe = new AxeLog();
  let t: TestApp;
  let h: BrowserHarness | undefined;
  let caseId = '';
  let secret = '';

  beforeAll(async () => {
    // WebAuthn needs a host name, not an address, as its relying party: localhost it is.
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    t = await createTestApp({
      listen: true,
      port,
      clock,
      env: { REQUIRE_SECOND_FACTOR: 'true', PUBLIC_URL: origin },
    });
    h = await launchBrowser(origin);
    const ids = await demoIds(t);
    const created = await fileReport(
      t,
      await t.login('staff@oak.example'),
      baseReport(ids.school.OAK),
    );
    expect(created.status).toBe(201);
    caseId = (created.body as { id: string }).id;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  const signInWithPassword = async (page: Page) => {
    await page.goto(h!.url('/login'));
    await fill(page, 'Email address', 'head@oak.example');
    await fill(page, 'Password', DEMO_PASSWORD);
    await clickAndWait(page, await button(page, 'Sign in'));
  };

  const signOut = async (page: Page) => {
    await clickAndWait(page, await button(page, 'Sign out'));
  };

  let page: Page;

  it('sends a head with no second factor to set one up; no case opens before that', async () => {
    page = await h!.newPage();
    await signInWithPassword(page);
    expect(new URL(page.url()).pathname).toBe('/account/second-factor');
    expect(await pageText(page)).toContain('nothing else opens until you do');
    await axe.check(page, 'security page (enrolment owed)');
    await page.goto(h!.url(`/cases/${caseId}`));
    expect(new URL(page.url()).pathname).toBe('/account/second-factor');
    await page.goto(h!.url('/cases'));
    expect(new URL(page.url()).pathname).toBe('/account/second-factor');
  });

  it('enrols an authenticator app with a code computed from the key on the page', async () => {
    await clickAndWait(page, await button(page, 'Set up an authenticator app'));
    expect(await heading(page)).toBe('Set up your authenticator app');
    // The QR code image loaded (a real SVG from the app, drawn by the browser).
    expect(await page.$eval('.qr img', (img) => Number(img.naturalWidth))).toBeGreaterThan(0);
    await axe.check(page, 'authenticator set-up');
    secret = (await page.$eval('.secret', (el) => String(el.textContent))).replace(/\s+/g, '');
    await fill(
      page,
      'Code from the app',
      '000000' === totp(secret, clock.now()) ? '111111' : '000000',
    );
    await clickAndWait(page, await button(page, 'Confirm'));
    expect(await pageText(page)).toContain('There is a problem');
    await fill(page, 'Code from the app', totp(secret, clock.now()));
    await clickAndWait(page, await button(page, 'Confirm'));
    expect(await heading(page)).toBe('Your authenticator app is set up');
    expect(await page.$$eval('ol.codes li', (items) => items.length)).toBe(10);
    await axe.check(page, 'recovery codes');
    await clickAndWait(page, await page.$('a.button').then((a) => a!));
    expect(new URL(page.url()).pathname).toBe('/cases');
    await page.goto(h!.url(`/cases/${caseId}`));
    expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}`);
  });

  it('asks for the code at the next sign-in; the password alone opens nothing', async () => {
    await signOut(page);
    await signInWithPassword(page);
    expect(await heading(page)).toBe('Check it is you');
    await axe.check(page, 'second step (code)');
    // Not signed in yet: the case sends the browser back to sign in.
    const probe = await h!.newPage();
    await probe.goto(h!.url(`/cases/${caseId}`));
    expect(new URL(probe.url()).pathname).toBe('/login');
    clock.advance(30_000);
    await fill(page, 'Code from your authenticator app', totp(secret, clock.now()));
    await clickAndWait(page, await button(page, 'Continue'));
    expect(new URL(page.url()).pathname).toBe('/cases');
  });

  it('adds a passkey from the browser, then signs in with it', async () => {
    const cdp = await page.createCDPSession();
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.goto(h!.url('/account/second-factor'));
    await fill(page, 'Name for the passkey', 'Work laptop');
    await clickAndWait(page, await button(page, 'Add a passkey'));
    expect(await heading(page)).toBe('Your passkey is added');
    await page.goto(h!.url('/account/second-factor'));
    expect(await pageText(page)).toContain('Work laptop');

    await signOut(page);
    await signInWithPassword(page);
    expect(await heading(page)).toBe('Check it is you');
    await axe.check(page, 'second step (code or passkey)');
    await clickAndWait(page, await button(page, 'Use a passkey'));
    expect(new URL(page.url()).pathname).toBe('/cases');
    await page.goto(h!.url(`/cases/${caseId}`));
    expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}`);
  });

  it('finds no serious accessibility problem on these pages', async () => {
    expect(axe.findings).toEqual([]);
    expect(axe.checked.length).toBeGreaterThanOrEqual(4);
    expect(h!.foreignRequests).toEqual([]);
  });
});
