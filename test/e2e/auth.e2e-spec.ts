import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../support/test-app.js';

describe('sign-in, sessions and identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs the OAK head in and shows the headteacher membership', async () => {
    const res = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'head@oak.example', password: DEMO_PASSWORD })
      .expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    const me = await request(t.http)
      .get('/api/v1/auth/me')
      .set(bearer(res.body.accessToken))
      .expect(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      email: 'head@oak.example',
      name: expect.any(String),
      language: 'en',
      memberships: [{ schoolId: expect.any(String), schoolCode: 'OAK', role: 'headteacher' }],
    });
  });

  it('shows the HR adviser both schools', async () => {
    const token = await t.login('hr@council.example');
    const me = await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    const held = me.body.memberships.map(
      (m: { schoolCode: string; role: string }) => `${m.schoolCode}:${m.role}`,
    );
    expect(held.sort()).toEqual(['ELM:hr', 'OAK:hr']);
  });

  it('answers every bad pair with the same 401 and message', async () => {
    const wrongPassword = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'staff@elm.example', password: 'not-the-password' })
      .expect(401);
    const unknownEmail = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@elm.example', password: 'not-the-password' })
      .expect(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'AUTH_INVALID_CREDENTIALS',
    });
  });

  it('runs one argon2 verification for an unknown email, as for a known one', async () => {
    const hasher = t.app.get(PasswordHasher);
    const original = hasher.verify.bind(hasher);
    let verifications = 0;
    hasher.verify = (hash, password) => {
      verifications++;
      return original(hash, password);
    };
    try {
      await request(t.http)
        .post('/api/v1/auth/login')
        .send({ email: 'ghost@oak.example', password: 'x' });
      expect(verifications).toBe(1);
      await request(t.http)
        .post('/api/v1/auth/login')
        .send({ email: 'staff2@elm.example', password: 'x' });
      expect(verifications).toBe(2);
    } finally {
      hasher.verify = original;
    }
  });

  it('works with the session cookie as well as the bearer header', async () => {
    const res = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'governor@oak.example', password: DEMO_PASSWORD })
      .expect(200);
    const cookie = res.headers['set-cookie'] as unknown as string[];
    expect(cookie[0]).toMatch(/^sid=/);
    expect(cookie[0]).toMatch(/HttpOnly/);
    expect(cookie[0]).toMatch(/SameSite=Lax/);
    const me = await request(t.http)
      .get('/api/v1/auth/me')
      .set('Cookie', cookie[0].split(';')[0])
      .expect(200);
    expect(me.body.email).toBe('governor@oak.example');
  });

  it('ends the session at once on logout', async () => {
    const token = await t.login('staff@oak.example');
    await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await request(t.http).post('/api/v1/auth/logout').set(bearer(token)).expect(204);
    const after = await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    expect(after.body.code).toBe('AUTH_REQUIRED');
  });

  it('refuses anonymous and forged tokens', async () => {
    await request(t.http).get('/api/v1/auth/me').expect(401);
    await request(t.http).get('/api/v1/auth/me').set(bearer('forged-token')).expect(401);
  });

  it('records sign-ins, failures and sign-outs in the audit log without what was typed', async () => {
    const secret = 'typed-secret-Zq81';
    await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'admin@oak.example', password: secret });
    const token = await t.login('admin@oak.example');
    await request(t.http).post('/api/v1/auth/logout').set(bearer(token));
    const entries = await t.dataSource.getRepository(AuditEntry).find({ order: { seq: 'ASC' } });
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login', 'auth.login_failed', 'auth.logout']),
    );
    const all = JSON.stringify(entries);
    expect(all).not.toContain(secret);
    expect(all).not.toContain(token);
    expect(all).not.toContain('admin@oak.example');
  });

  it('throttles repeated failures on one account with 429, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      await request(t.http)
        .post('/api/v1/auth/login')
        .send({ email: 'chair@elm.example', password: `wrong-${i}` })
        .expect(401);
    }
    const blocked = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'chair@elm.example', password: DEMO_PASSWORD })
      .expect(429);
    expect(blocked.body.code).toBe('AUTH_THROTTLED');
    // The block is per account: a colleague at the same address still signs in.
    await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'chair@oak.example', password: DEMO_PASSWORD })
      .expect(200);
  });
});

describe('throttling per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('blocks an address that tries many different accounts', async () => {
    for (let i = 0; i < 30; i++) {
      await request(t.http)
        .post('/api/v1/auth/login')
        .send({ email: `guess${i}@oak.example`, password: 'x' })
        .expect(401);
    }
    await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'head@elm.example', password: DEMO_PASSWORD })
      .expect(429);
  });
});

describe('bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 in the contract shape, without echoing the body', async () => {
    const res = await request(t.http)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": "head@oak.example", "password": SECRET-VALUE')
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.any(String),
      code: 'MALFORMED_BODY',
    });
    expect(JSON.stringify(res.body)).not.toContain('SECRET-VALUE');
  });

  it('refuses unknown fields and wrong types with a list of messages', async () => {
    const unknown = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'head@oak.example', password: DEMO_PASSWORD, role: 'admin' })
      .expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.message).toEqual(expect.arrayContaining([expect.stringContaining('role')]));
    const wrongType = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 42, password: ['a'] })
      .expect(400);
    expect(wrongType.body.message.length).toBeGreaterThanOrEqual(2);
  });
});
