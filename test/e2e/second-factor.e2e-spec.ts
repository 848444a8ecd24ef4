import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../support/test-app.js';
import { totp } from '../support/totp.js';

describe('our TOTP helper', () => {
  it('matches the RFC 6238 test vectors (SHA-1)', () => {
    const key = Buffer.from('12345678901234567890');
    expect(totp(key, new Date(59_000), 8)).toBe('94287082');
    expect(totp(key, new Date(1_111_111_109_000), 8)).toBe('07081804');
    expect(totp(key, new Date(20_000_000_000_000), 8)).toBe('65353130');
  });
});

describe('second factor where it is required (REQUIRE_SECOND_FACTOR=true)', () => {
  const clock = new FixedClock('2026-11-16T08:00:00.000Z');
  let t: TestApp;
  const login = (email: string, password = DEMO_PASSWORD, from = '203.0.113.1') =>
    request(t.http)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', from)
      .send({ email, password });
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { REQUIRE_SECOND_FACTOR: 'true', TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('lets a head without a second factor reach only enrolment, never a case', async () => {
    const first = await login('head@oak.example').expect(200);
    expect(first.body.secondFactorEnrolmentRequired).toBe(true);
    const token = first.body.accessToken as string;
    const refused = await request(t.http).get('/api/v1/cases').set(bearer(token)).expect(403);
    expect(refused.body.code).toBe('AUTH_SECOND_FACTOR_ENROLMENT_REQUIRED');
    await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    const status = await request(t.http).get('/api/v1/auth/factors').set(bearer(token)).expect(200);
    expect(status.body).toMatchObject({ required: true, totp: false, passkeys: [] });

    const setup = await request(t.http)
      .post('/api/v1/auth/factors/totp')
      .set(bearer(token))
      .expect(200);
    secret = setup.body.secret as string;
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await request(t.http)
      .post('/api/v1/auth/factors/totp/confirm')
      .set(bearer(token))
      .send({ code: '000000' === totp(secret, clock.now()) ? '111111' : '000000' })
      .expect(400);
    expect(wrong.body.code).toBe('AUTH_TOTP_CODE_INVALID');
    await request(t.http).get('/api/v1/cases').set(bearer(token)).expect(403);

    const confirmed = await request(t.http)
      .post('/api/v1/auth/factors/totp/confirm')
      .set(bearer(token))
      .send({ code: totp(secret, clock.now()) })
      .expect(200);
    recoveryCodes = confirmed.body.recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    // Enrolled: the same session now reaches cases.
    await request(t.http).get('/api/v1/cases').set(bearer(token)).expect(200);
  });

  it('asks for the code at the next sign-in, and accepts each code once', async () => {
    clock.advance(60_000);
    const challenged = await login('head@oak.example').expect(401);
    expect(challenged.body).toMatchObject({
      statusCode: 401,
      code: 'AUTH_SECOND_FACTOR_REQUIRED',
      challenge: { token: expect.any(String), methods: ['totp', 'recovery_code'] },
    });
    expect(challenged.body.accessToken).toBeUndefined();
    const challengeToken = challenged.body.challenge.token as string;
    const bad = await request(t.http)
      .post('/api/v1/auth/second-factor')
      .send({ challengeToken, code: totp(secret, new Date(clock.now().getTime() - 600_000)) })
      .expect(401);
    expect(bad.body.code).toBe('AUTH_SECOND_FACTOR_INVALID');
    const code = totp(secret, clock.now());
    const ok = await request(t.http)
      .post('/api/v1/auth/second-factor')
      .send({ challengeToken, code })
      .expect(200);
    await request(t.http).get('/api/v1/cases').set(bearer(ok.body.accessToken)).expect(200);
    // The challenge is spent, and the same code is not accepted again on a new one.
    await request(t.http)
      .post('/api/v1/auth/second-factor')
      .send({ challengeToken, code })
      .expect(401);
    const again = await login('head@oak.example').expect(401);
    await request(t.http)
      .post('/api/v1/auth/second-factor')
      .send({ challengeToken: again.body.challenge.token, code })
      .expect(401);
  });

  it('accepts a recovery code once', async () => {
    const first = await login('head@oak.example').expect(401);
    await request(t.http)
      .post('/api/v1/auth/second-factor')
      .send({ challengeToken: first.body.challenge.token, recoveryCode: recoveryCodes[0] })
      .expect(200);
    const second = await login('head@oak.example').expect(401);
    await request(t.http)
      .post('/api/v1/auth/second-factor')
      .send({ challengeToken: second.body.challenge.token, recoveryCode: recoveryCodes[0] })
      .expect(401);
  });

  it('limits guesses at the code: after five wrong codes in 15 minutes even the right one gets 429', async () => {
    // Earlier tests' failures count too; start this one from none.
    await t.dataSource.query(`DELETE FROM rate_limit WHERE key LIKE 'login_2fa:%'`);
    const challenged = await login('head@oak.example').expect(401);
    const challengeToken = challenged.body.challenge.token as string;
    const right = totp(secret, clock.now());
    const wrongCodes = ['000001', '000002', '000003', '000004', '000005', '000006'].filter(
      (c) => c !== right,
    );
    for (const code of wrongCodes.slice(0, 5)) {
      await request(t.http)
        .post('/api/v1/auth/second-factor')
        .send({ challengeToken, code })
        .expect(401);
    }
    const refused = await request(t.http)
      .post('/api/v1/auth/second-factor')
      .send({ challengeToken, code: right })
      .expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await t.dataSource.query(`DELETE FROM rate_limit WHERE key LIKE 'login_2fa:%'`);
  });

  it('a guesser spread over many addresses cannot lock out an owner whose sign-in needs a second factor', async () => {
    for (let i = 0; i < 25; i++) {
      const answer = await login('head@oak.example', `wrong-${i}`, `10.30.0.${i + 1}`);
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    clock.advance(60_000);
    const owner = await login('head@oak.example', DEMO_PASSWORD, '10.30.1.1').expect(401);
    expect(owner.body.code).toBe('AUTH_SECOND_FACTOR_REQUIRED');
    await request(t.http)
      .post('/api/v1/auth/second-factor')
      .send({ challengeToken: owner.body.challenge.token, code: totp(secret, clock.now()) })
      .expect(200);
  });

  it('never asks staff for a second factor', async () => {
    const staff = await login('staff@oak.example').expect(200);
    expect(staff.body.secondFactorEnrolmentRequired).toBeUndefined();
  });
});

describe('second factor outside production (the demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lets the demo head sign in with the password alone', async () => {
    const head = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'head@oak.example', password: DEMO_PASSWORD })
      .expect(200);
    expect(head.body.secondFactorEnrolmentRequired).toBeUndefined();
    await request(t.http).get('/api/v1/cases').set(bearer(head.body.accessToken)).expect(200);
  });
});
