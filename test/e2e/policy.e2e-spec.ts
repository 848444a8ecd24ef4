import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

describe('policy catalogue', () => {
  let t: TestApp;
  let oakId: string;
  let elmId: string;
  let staffToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    const hr = await t.login('hr@council.example');
    const me = await request(t.http).get('/api/v1/auth/me').set(bearer(hr));
    const ids = Object.fromEntries(
      me.body.memberships.map((m: { schoolCode: string; schoolId: string }) => [
        m.schoolCode,
        m.schoolId,
      ]),
    );
    oakId = ids.OAK;
    elmId = ids.ELM;
    staffToken = await t.login('staff@oak.example');
  });
  afterAll(() => t.close());

  it('gives a member the current model catalogue, SM-01 to SM-15', async () => {
    const res = await request(t.http)
      .get(`/api/v1/schools/${oakId}/policy`)
      .set(bearer(staffToken))
      .expect(200);
    expect(res.body.version).toBe(1);
    expect(res.body.clauses.map((c: { code: string }) => c.code)).toEqual(
      Array.from({ length: 15 }, (_, i) => `SM-${String(i + 1).padStart(2, '0')}`),
    );
    expect(res.body.clauses[0].title).toMatch(/name, logo/);
  });

  it("answers 404 for another school's catalogue, exactly as for a school that does not exist", async () => {
    const other = await request(t.http)
      .get(`/api/v1/schools/${elmId}/policy`)
      .set(bearer(staffToken))
      .expect(404);
    const missing = await request(t.http)
      .get('/api/v1/schools/00000000-0000-4000-8000-000000000000/policy')
      .set(bearer(staffToken))
      .expect(404);
    expect(other.body).toEqual(missing.body);
  });

  it('needs a signed-in caller and a well-formed id', async () => {
    await request(t.http).get(`/api/v1/schools/${oakId}/policy`).expect(401);
    await request(t.http)
      .get('/api/v1/schools/not-a-uuid/policy')
      .set(bearer(staffToken))
      .expect(400);
  });
});
