/**
 * "Sign in with your school account", end to end in Chromium against a real OpenID provider
 * (panva's oidc-provider) started here: the admin sets the school's provider on its Sign-in
 * page, a teacher signs in through it, and every bad callback is refused, audited, and opens no
 * session. The second factor is enforced (REQUIRE_SECOND_FACTOR=true): the provider answers
 * for it, so a head signing in this way is not asked for one.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { SchoolSignIn } from '../../src/schools/school-sign-in.entity.js';
import { Session } from '../../src/auth/session.entity.js';
import { freePort } from '../support/spawned-app.js';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.js';
import request from 'supertest';
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
  link,
  pageText,
  tick,
  type BrowserHarness,
} from '../support/browser.js';

describe('sign in with your school account', () => {
  const axe = new AxeLog();
  let t: TestApp;
  let h: BrowserHarness | undefined;
  let idp: TestProvider;
  let origin = '';
  const callbacks: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    idp = await startTestProvider(`${origin}/login/sso/callback`);
    t = await createTestApp({
      listen: true,
      port,
      env: { PUBLIC_URL: origin, REQUIRE_SECOND_FACTOR: 'true' },
    });
    h = await launchBrowser(origin);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
    await idp?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  const refusals = async () =>
    (
      await t.dataSource.getRepository(AuditEntry).find({ where: { action: 'auth.sso_refused' } })
    ).map((e) => (JSON.parse(e.detail) as { reason: string }).reason);
  const sessions = () => t.dataSource.getRepository(Session).count();

  /** Through our page to the provider's login, which signs in as `login`. */
  const viaProvider = async (email: string, login = email): Promise<Page> => {
    const page = await h!.newPage();
    page.on('request', (r) => {
      if (r.url().startsWith(`${origin}/login/sso/callback`)) callbacks.push(r.url());
    });
    await page.goto(h!.url('/login'));
    await clickAndWait(page, await link(page, 'Sign in with your school account'));
    await fill(page, 'Your school email address', email);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      button(page, "Continue to your school's sign-in").then((b) => b.click()),
    ]);
    // The page moves on to the provider by itself.
    await page.waitForFunction(
      (issuer: string) =>
        (globalThis as unknown as { location: { href: string } }).location.href.startsWith(issuer),
      {},
      idp.issuer,
    );
    await page.waitForSelector('input[name="login"]');
    // The provider fills in the login_hint we sent; type over it (the tests sign in as others too).
    await page.$eval('input[name="login"]', (el) => {
      (el as unknown as { value: string }).value = '';
    });
    await page.type('input[name="login"]', login);
    await page.type('input[name="password"]', 'any password the test provider accepts');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.click('button[type="submit"]'),
    ]);
    // Back at our callback, and from there wherever it leads.
    await page.waitForFunction(
      (ours: string) =>
        (globalThis as unknown as { location: { href: string } }).location.href.startsWith(ours),
      {},
      origin,
    );
    await page.waitForSelector('h1');
    return page;
  };

  it('lets the admin set the school’s provider; the secret is stored encrypted', async () => {
    // Second factors are enforced here: the admin set up an authenticator app earlier.
    const api = request(t.http);
    const first = await api
      .post('/api/v1/auth/login')
      .send({ email: 'admin@oak.example', password: DEMO_PASSWORD })
      .expect(200);
    const bearerToken = { Authorization: `Bearer ${first.body.accessToken as string}` };
    const setup = await api.post('/api/v1/auth/factors/totp').set(bearerToken).expect(200);
    const secret = setup.body.secret as string;
    const enrolledAt = new Date();
    await api
      .post('/api/v1/auth/factors/totp/confirm')
      .set(bearerToken)
      .send({ code: totp(secret, enrolledAt) })
      .expect(200);

    const admin = await h!.newPage();
    await admin.goto(h!.url('/login'));
    await fill(admin, 'Email address', 'admin@oak.example');
    await fill(admin, 'Password', DEMO_PASSWORD);
    await clickAndWait(admin, await button(admin, 'Sign in'));
    expect(await heading(admin)).toBe('Check it is you');
    // A code from the next 30-second step: the one used to enrol is not accepted twice, and
    // the server takes a code one step ahead (a phone's clock may run fast), so no wait for it.
    const next = new Date(Math.floor(enrolledAt.getTime() / 30_000) * 30_000 + 30_000);
    await fill(admin, 'Code from your authenticator app', totp(secret, next));
    await clickAndWait(admin, await button(admin, 'Continue'));
    await admin.goto(h!.url('/admin'));
    await clickAndWait(admin, await link(admin, 'Sign-in for OAK'));
    expect(await heading(admin)).toBe('Sign-in for Oak Primary School');
    await fill(admin, 'Issuer URL', idp.issuer);
    await fill(admin, 'Client ID', idp.clientId);
    await fill(admin, 'Client secret', idp.clientSecret);
    await fill(admin, 'Email domains allowed to sign in', 'oak.example');
    await tick(admin, 'Offer "Sign in with your school account"');
    await clickAndWait(admin, await button(admin, 'Save'));
    expect(await pageText(admin)).toContain('The sign-in settings were saved.');
    await axe.check(admin, 'sign-in settings');
    const stored = await t.dataSource.getRepository(SchoolSignIn).findOneOrFail({ where: {} });
    expect(stored.clientSecret).not.toContain(idp.clientSecret);
    expect(stored.clientSecret).toMatch(/^v1\./);
  });

  it('signs a teacher in through the local provider', async () => {
    const page = await viaProvider('staff@oak.example');
    expect(new URL(page.url()).pathname).toBe('/reports/mine');
    expect(await pageText(page)).toContain('Priya Shah');
    const logins = await t.dataSource
      .getRepository(AuditEntry)
      .find({ where: { action: 'auth.login' }, order: { seq: 'DESC' }, take: 1 });
    expect(JSON.parse(logins[0].detail)).toMatchObject({ method: 'sso' });
  });

  it('does not ask a head for a second factor: the provider answers for it', async () => {
    const page = await viaProvider('head@oak.example');
    expect(new URL(page.url()).pathname).toBe('/cases');
  });

  it('refuses a replayed callback (the same code and state again): audited, no session', async () => {
    const used = callbacks.at(-1)!;
    const before = await sessions();
    const page = await h!.newPage();
    await page.goto(used);
    expect(await pageText(page)).toContain('That sign-in had expired or was already used');
    expect(await sessions()).toBe(before);
    expect(await refusals()).toContain('state');
  });

  it('refuses a callback with a state it never issued', async () => {
    const before = await sessions();
    const page = await h!.newPage();
    await page.goto(h!.url('/login/sso/callback?state=forged-state&code=forged-code'));
    expect(await pageText(page)).toContain('That sign-in had expired or was already used');
    await axe.check(page, 'refused sign-in');
    expect(await sessions()).toBe(before);
  });

  it('refuses an unverified address, and one outside the allowed domains', async () => {
    const before = await sessions();
    const unverified = await viaProvider('staff2@oak.example', 'unverified:staff2@oak.example');
    expect(await pageText(unverified)).toContain('did not confirm your email address');
    const outside = await viaProvider('staff@oak.example', 'staff@elm.example');
    expect(await pageText(outside)).toContain('not one your school lets sign in here');
    expect(await sessions()).toBe(before);
    expect(await refusals()).toEqual(expect.arrayContaining(['email_unverified', 'domain']));
  });

  it('gives nobody a role by signing in, unless the school switched that on', async () => {
    const before = await sessions();
    const stranger = await viaProvider('new.arrival@oak.example');
    expect(await pageText(stranger)).toContain('There is no account for that email address');
    expect(await sessions()).toBe(before);
    expect(await refusals()).toContain('no_account');

    await t.dataSource.query(`UPDATE school_sign_in SET "staffForUnknownPeople" = true`);
    const welcomed = await viaProvider('new.arrival@oak.example');
    expect(new URL(welcomed.url()).pathname).toBe('/reports/mine');
    const roles = (await t.dataSource.query(
      `SELECT m.role FROM membership m JOIN app_user u ON u.id = m."userId" WHERE u.email = 'new.arrival@oak.example'`,
    )) as { role: string }[];
    expect(roles.map((r) => r.role)).toEqual(['staff']);
  });

  it('finds no serious accessibility problem on our pages', async () => {
    const page = await h!.newPage();
    await page.goto(h!.url('/login/sso'));
    await axe.check(page, 'school account sign-in');
    expect(axe.findings).toEqual([]);
  });
});
