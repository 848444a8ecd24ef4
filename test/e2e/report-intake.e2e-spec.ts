import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { CaseRecord } from '../../src/cases/case.entity.js';
import { EvidenceItem } from '../../src/cases/evidence-item.entity.js';
import { EvidenceJanitor } from '../../src/evidence/evidence-janitor.js';
import { png, pngOfSize } from '../support/sample-files.js';
import { baseReport, demoIds, DemoIds, fileReport, filesUnder } from '../support/demo.js';
import { storedObjects } from '../support/evidence-store.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('filing a report', () => {
  let t: TestApp;
  let ids: DemoIds;
  let staff: string;

  /** What a refused report must not leave: no case, no evidence row or file, no temp file, no audit entry. */
  async function nothingLeftBehind(before: { cases: number; audit: number }) {
    expect(await t.dataSource.getRepository(CaseRecord).count()).toBe(before.cases);
    expect(
      await t.dataSource.getRepository(AuditEntry).count({ where: { action: 'case.reported' } }),
    ).toBe(before.audit);
    expect(filesUnder(join(t.config.dataDir, 'tmp'))).toEqual([]);
    const stored = await t.dataSource.getRepository(EvidenceItem).find();
    expect((await storedObjects(t.config.dataDir)).length).toBe(
      new Set(stored.map((s) => s.sha256)).size,
    );
  }

  async function counts() {
    return {
      cases: await t.dataSource.getRepository(CaseRecord).count(),
      audit: await t.dataSource
        .getRepository(AuditEntry)
        .count({ where: { action: 'case.reported' } }),
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
    staff = await t.login('staff@oak.example');
  });
  afterAll(() => t.close());

  it('stores a PNG whose SHA-256 is that of the bytes sent, with its times and platform', async () => {
    const shot = png(64, 40);
    const res = await fileReport(t, staff, baseReport(ids.school.OAK), [
      { name: 'screenshot.png', bytes: shot, capturedAt: '2026-11-20T19:00:00.000Z' },
    ]).expect(201);
    expect(res.body.reference).toMatch(/^OAK-2026-\d{4}$/);
    expect(res.body.status).toBe('reported');
    expect(res.body.evidence).toEqual([
      {
        id: expect.any(String),
        sha256: sha256(shot),
        size: shot.length,
        mimeType: 'image/png',
        platform: 'facebook',
        postUrl: 'https://www.facebook.com/some/post/1',
        capturedAt: '2026-11-20T19:00:00.000Z',
        receivedAt: expect.any(String),
      },
    ]);
    const stored = (await storedObjects(t.config.dataDir)).find(
      (o) => o.path === `${sha256(shot).slice(0, 2)}/${sha256(shot)}`,
    );
    expect(sha256(stored!.bytes)).toBe(sha256(shot));
    expect(filesUnder(join(t.config.dataDir, 'tmp'))).toEqual([]);
  });

  it('accepts a JSON report without files, with server time as reportedAt', async () => {
    const before = Date.now();
    const res = await request(t.http)
      .post('/api/v1/reports')
      .set(bearer(staff))
      .send({ ...baseReport(ids.school.OAK), type: 'online_abuse', clauseCodes: [] })
      .expect(201);
    expect(new Date(res.body.reportedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(res.body.evidence).toEqual([]);
  });

  it('refuses an HTML file named .png with 415 and leaves nothing behind', async () => {
    const before = await counts();
    const html = Buffer.from('<html><body><script>alert(1)</script></body></html>');
    const res = await fileReport(t, staff, baseReport(ids.school.OAK), [
      { name: 'good.png', bytes: png(8, 8) },
      { name: 'evil.png', bytes: html, contentType: 'image/png' },
    ]).expect(415);
    expect(res.body).toMatchObject({
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'EVIDENCE_TYPE_NOT_ALLOWED',
    });
    await nothingLeftBehind(before);
  });

  it('refuses an 11 MiB file with 413 and leaves nothing behind', async () => {
    const before = await counts();
    const res = await fileReport(t, staff, baseReport(ids.school.OAK), [
      { name: 'huge.png', bytes: pngOfSize(11 * 1024 * 1024) },
    ]).expect(413);
    expect(res.body.code).toBe('EVIDENCE_TOO_LARGE');
    await nothingLeftBehind(before);
  });

  it('refuses more than 10 files with 400', async () => {
    const before = await counts();
    const files = Array.from({ length: 11 }, (_, i) => ({
      name: `s${i}.png`,
      bytes: png(4 + i, 4),
    }));
    await fileReport(t, staff, baseReport(ids.school.OAK), files).expect(400);
    await nothingLeftBehind(before);
  });

  it('refuses files with a declaration of indecent images of children, and warns why', async () => {
    const before = await counts();
    const res = await fileReport(
      t,
      staff,
      baseReport(ids.school.OAK, { indecentImagesOfChildren: true }),
      [{ name: 'x.png', bytes: png(4, 4) }],
    ).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/never copy or upload/);
    await nothingLeftBehind(before);
  });

  it('takes such a report without files, flagged and treated as safeguarding', async () => {
    const res = await fileReport(
      t,
      staff,
      baseReport(ids.school.OAK, {
        type: 'online_abuse',
        clauseCodes: [],
        indecentImagesOfChildren: true,
      }),
    ).expect(201);
    const head = await t.login('head@oak.example');
    const detail = await request(t.http)
      .get(`/api/v1/cases/${res.body.id}`)
      .set(bearer(head))
      .expect(200);
    expect(detail.body).toMatchObject({ indecentImagesOfChildren: true, safeguarding: true });
  });

  it.each([
    ['an unknown field', { status: 'closed' }, /status should not exist/],
    [
      'an owner chosen by the client',
      { ownerUserId: '00000000-0000-4000-8000-000000000000' },
      /ownerUserId should not exist/,
    ],
    ['a description under 10 characters', { description: 'too short' }, /description/],
    ['an unknown relationship', { subjectRelationship: 'cousin' }, /subjectRelationship/],
    ['a non-http link', { postUrl: 'javascript:alert(1)' }, /postUrl/],
    ['a bad boolean', { safeguarding: 'maybe' }, /safeguarding/],
    ['a clause not in the catalogue', { clauseCodes: ['SM-99'] }, /SM-99/],
    ['a policy breach citing no clause', { clauseCodes: [] }, /at least one clause/],
    ['a time in the future', { occurredAt: '2099-01-01T00:00:00.000Z' }, /future/],
    ['a subject from another school', { subjectUserId: 'ELM_HEAD' }, /same school/],
  ])('refuses %s with 400 naming the problem', async (_, overrides, pattern) => {
    const before = await counts();
    const fields = { ...baseReport(ids.school.OAK), ...overrides } as Record<
      string,
      string | string[] | boolean
    >;
    if (fields.subjectUserId === 'ELM_HEAD') fields.subjectUserId = ids.user('head@elm.example');
    const res = await fileReport(t, staff, fields, [{ name: 'ok.png', bytes: png(5, 5) }]).expect(
      400,
    );
    expect(res.body.statusCode).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(pattern);
    await nothingLeftBehind(before);
  });

  it('answers 404 for a school the reporter does not belong to', async () => {
    await fileReport(t, staff, baseReport(ids.school.ELM)).expect(404);
  });

  it('accepts clause codes as a comma list too', async () => {
    const res = await fileReport(
      t,
      staff,
      baseReport(ids.school.OAK, { clauseCodes: 'SM-05, SM-11' }),
    ).expect(201);
    const head = await t.login('head@oak.example');
    const detail = await request(t.http)
      .get(`/api/v1/cases/${res.body.id}`)
      .set(bearer(head))
      .expect(200);
    expect(detail.body.clauseCodes).toEqual(['SM-05', 'SM-11']);
    expect(detail.body.policyVersion).toBe(1);
  });

  it('gives unique, consecutive references to reports filed at the same moment', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request(t.http)
          .post('/api/v1/reports')
          .set(bearer(staff))
          .send({
            ...baseReport(ids.school.OAK),
            description: `Concurrent report number ${i} about a post.`,
          }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const refs = results.map((r) => r.body.reference as string);
    expect(new Set(refs).size).toBe(12);
    const numbers = refs.map((r) => Number(r.split('-')[2])).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]).toBe(11);
  });

  it('removes temporary files left by a crash when the app starts', async () => {
    const tmp = join(t.config.dataDir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const leftover = join(tmp, 'left-by-crash.part');
    writeFileSync(leftover, 'half an upload');
    // As found by a later start-up: on PostgreSQL, younger files may be another instance's live upload.
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(leftover, anHourAgo, anHourAgo);
    await t.app.get(EvidenceJanitor).startUp();
    expect(filesUnder(tmp)).toEqual([]);
  });
});
