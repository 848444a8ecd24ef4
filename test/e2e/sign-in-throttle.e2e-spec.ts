import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import { AuthToken } from '../../src/auth/tokens/auth-token.entity.js';
import { AuthTokensService } from '../../src/auth/tokens/auth-tokens.service.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { baseReport, demoIds } from '../support/demo.js';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../support/test-app.js';

/** Counts the real argon2 verifications the app performs (the hasher still does the work). */
function countVerifications(t: TestApp): { count: () => number; restore: () => void } {
  const hasher = t.app.get(PasswordHasher);
  const original = hasher.verify.bind(hasher);
  let count = 0;
  hasher.verify = (hash, password) => {
    count++;
    return original(hash, password);
  };
  return { count: () => count, restore: () => (hasher.verify = original) };
}

const login = (t: TestApp, email: string, password: string, from: string) =>
  request(t.http).post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });

describe('the sign-in throttle', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a proxy, so each test can speak from its own client address.
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('lets at most 5 of 50 parallel wrong passwords reach argon2; the rest get 429 with Retry-After', async () => {
    const counter = countVerifications(t);
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          login(t, 'head@oak.example', `wrong-${i}`, '203.0.113.50'),
        ),
      );
      expect(counter.count()).toBeLessThanOrEqual(5);
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(counter.count());
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(45);
      for (const answer of refused) {
        expect(answer.body).toMatchObject({ statusCode: 429, code: 'AUTH_THROTTLED' });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      }
      // The right password from the guesser's address is refused too, without a check.
      const before = counter.count();
      await login(t, 'head@oak.example', DEMO_PASSWORD, '203.0.113.50').expect(429);
      expect(counter.count()).toBe(before);
    } finally {
      counter.restore();
    }
  });

  it('does not lock the owner out: the right password from another address still signs in', async () => {
    for (let i = 0; i < 6; i++) await login(t, 'chair@oak.example', `wrong-${i}`, '198.51.100.7');
    await login(t, 'chair@oak.example', DEMO_PASSWORD, '198.51.100.7').expect(429);
    await login(t, 'chair@oak.example', DEMO_PASSWORD, '192.0.2.10').expect(200);
  });

  it('makes an address that keeps guessing wait longer each time it is refused again', async () => {
    const guess = () => login(t, 'governor@elm.example', 'wrong', '198.51.100.99');
    for (let i = 0; i < 5; i++) await guess().expect(401);
    const first = await guess().expect(429);
    expect(Number(first.headers['retry-after'])).toBe(15 * 60);
    // The block runs out (its row's expiry moved into the past, as time would): the guesser
    // gets five more tries, and the next refusal lasts twice as long.
    await t.dataSource.query(`UPDATE rate_limit SET expire = 1 WHERE key LIKE 'login_pair:%'`);
    for (let i = 0; i < 5; i++) await guess().expect(401);
    const second = await guess().expect(429);
    expect(Number(second.headers['retry-after'])).toBe(30 * 60);
  });

  it('slows a guesser spread over many addresses on a password-only account', async () => {
    // 20 failures from 20 addresses exhaust the account-wide limit of staff2@elm.
    for (let i = 0; i < 20; i++) {
      await login(t, 'staff2@elm.example', `wrong-${i}`, `10.20.0.${i + 1}`).expect(401);
    }
    const refused = await login(t, 'staff2@elm.example', DEMO_PASSWORD, '10.20.1.1').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('school-account sign-in starts and spent tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('refuses the 31st start from one address in 15 minutes with 429', async () => {
    const start = async (from: string) => {
      const form = await request(t.http).get('/login/sso').set('X-Forwarded-For', from);
      const cookie = (form.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
      return request(t.http)
        .post('/login/sso')
        .set('X-Forwarded-For', from)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, email: 'someone@no-provider.example' });
    };
    for (let i = 0; i < 30; i++) expect((await start('198.51.100.200')).status).toBe(400);
    const refused = await start('198.51.100.200');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await start('198.51.100.201')).status).toBe(400);
  });

  it('removes tokens a day past their expiry, and only those', async () => {
    const tokens = t.app.get(AuthTokensService);
    const now = t.clock.now().getTime();
    const issue = (ttlMs: number) =>
      t.dataSource.transaction((em) => tokens.issue(em, { userId: null, purpose: 'oidc', ttlMs }));
    await issue(-25 * 60 * 60 * 1000); // expired 25 hours ago
    const recent = await issue(-60 * 1000); // expired a minute ago
    const live = await issue(60 * 60 * 1000);
    expect(now).toBeGreaterThan(0);
    await tokens.sweep();
    const left = (await t.dataSource.getRepository(AuthToken).find()).map((r) => r.id);
    expect(left).toEqual(expect.arrayContaining([recent.row.id, live.row.id]));
    expect(left).toHaveLength(2);
  });
});

describe('per-person limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Small limits, set as an install would set them, so the test need not file 60 reports.
    t = await createTestApp({
      clock: new FixedClock('2026-11-16T10:00:00.000Z'),
      env: { REPORTS_PER_HOUR: '10', PDFS_PER_TEN_MINUTES: '12' },
    });
  });
  afterAll(() => t.close());

  it('refuses an 11th report within the hour with 429 and Retry-After, and only for that person', async () => {
    const ids = await demoIds(t);
    const token = await t.login('staff@oak.example');
    const file = () =>
      request(t.http)
        .post('/api/v1/reports')
        .set(bearer(token))
        .send({ ...baseReport(ids.school.OAK), occurredAt: '2026-11-10T10:00:00.000Z' });
    for (let i = 0; i < 10; i++) await file().expect(201);
    const refused = await file().expect(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const colleague = await t.login('staff2@oak.example');
    await request(t.http)
      .post('/api/v1/reports')
      .set(bearer(colleague))
      .send({ ...baseReport(ids.school.OAK), occurredAt: '2026-11-10T10:00:00.000Z' })
      .expect(201);
  });

  it('refuses a 13th PDF request within ten minutes', async () => {
    const token = await t.login('hr@council.example');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (let i = 0; i < 12; i++) {
      await request(t.http)
        .get(`/api/v1/cases/${missing}/case-file.pdf?variant=hr`)
        .set(bearer(token))
        .expect(404);
    }
    const refused = await request(t.http)
      .get(`/api/v1/cases/${missing}/case-file.pdf?variant=hr`)
      .set(bearer(token))
      .expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });
});
