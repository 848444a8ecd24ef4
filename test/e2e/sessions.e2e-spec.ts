import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../support/test-app.js';

/** The cookies a response sets, as one Cookie header value. */
function cookiesOf(res: request.Response, keep: string[] = []): string {
  const set = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return [...keep, ...set.map((c) => c.split(';')[0])].join('; ');
}

function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1];
}

describe('sessions', () => {
  const clock = new FixedClock('2026-11-16T08:00:00.000Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('ends a session left idle for longer than an hour, even within its 12 hours', async () => {
    const token = await t.login('staff@oak.example');
    clock.advance(50 * 60 * 1000);
    await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    // Used 50 minutes in, so idle only from then: another 50 minutes is still fine.
    clock.advance(50 * 60 * 1000);
    await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    clock.advance(61 * 60 * 1000);
    const after = await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    expect(after.body.code).toBe('AUTH_REQUIRED');
  });

  it('ends a session at its 12-hour limit however busy it is', async () => {
    const token = await t.login('staff2@oak.example');
    for (let hour = 0; hour < 12; hour++) {
      clock.advance(55 * 60 * 1000);
      await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    }
    clock.advance(60 * 60 * 1000);
    await request(t.http).get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });

  it('lets a person sign in again through the form when a stale session cookie is left over', async () => {
    const signedIn = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'governor@oak.example', password: DEMO_PASSWORD })
      .expect(200);
    const stale = cookiesOf(signedIn);
    await request(t.http)
      .post('/api/v1/auth/logout')
      .set(bearer(signedIn.body.accessToken as string))
      .expect(204);
    // The browser still holds the revoked sid cookie.
    const form = await request(t.http).get('/login').set('Cookie', stale).expect(200);
    const cookies = cookiesOf(form, [stale]);
    const answer = await request(t.http)
      .post('/login')
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: 'governor@oak.example', password: DEMO_PASSWORD })
      .expect(303);
    expect(answer.headers.location).toBe('/governors');
  });
});
