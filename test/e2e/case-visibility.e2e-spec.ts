import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { png } from '../support/sample-files.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

describe('routing and who may see a case', () => {
  let t: TestApp;
  let ids: DemoIds;
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);
  let ordinary: { id: string; reference: string };
  let aboutHead: { id: string };
  let confidential: { id: string };
  const shot = png(30, 20);

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
    for (const email of [
      'staff@oak.example',
      'staff2@oak.example',
      'head@oak.example',
      'chair@oak.example',
      'governor@oak.example',
      'admin@oak.example',
      'hr@council.example',
      'head@elm.example',
    ]) {
      tokens[email.split('@')[0] + (email.includes('elm') ? '-elm' : '')] = await t.login(email);
    }
    ordinary = (
      await fileReport(t, tokens.staff, baseReport(ids.school.OAK), [
        { name: 'a.png', bytes: shot },
      ]).expect(201)
    ).body;
    aboutHead = (
      await fileReport(
        t,
        tokens.staff,
        baseReport(ids.school.OAK, {
          subjectName: 'Helen Carter',
          subjectUserId: ids.user('head@oak.example'),
        }),
      ).expect(201)
    ).body;
    confidential = (
      await fileReport(
        t,
        tokens.staff2,
        baseReport(ids.school.OAK, { confidentialReporter: true }),
      ).expect(201)
    ).body;
  });
  afterAll(() => t.close());

  it('routes an ordinary report to the headteacher and notifies them at once', async () => {
    const detail = await request(t.http)
      .get(`/api/v1/cases/${ordinary.id}`)
      .set(as('head'))
      .expect(200);
    expect(detail.body).toMatchObject({
      ownerRole: 'headteacher',
      ownerUserId: ids.user('head@oak.example'),
    });
    const notices = await t.dataSource
      .getRepository(Notification)
      .find({ where: { caseId: ordinary.id } });
    expect(notices.map((n) => n.kind).sort()).toEqual(['case_assigned', 'report_acknowledged']);
  });

  it('routes a report about the head to the chair, and the head can neither open nor list it', async () => {
    const chair = await request(t.http)
      .get(`/api/v1/cases/${aboutHead.id}`)
      .set(as('chair'))
      .expect(200);
    expect(chair.body).toMatchObject({
      ownerRole: 'chair_of_governors',
      ownerUserId: ids.user('chair@oak.example'),
    });
    expect(chair.body.allowedTransitions).toEqual(['investigating', 'closed', 'on_hold']);
    const head = await request(t.http)
      .get(`/api/v1/cases/${aboutHead.id}`)
      .set(as('head'))
      .expect(404);
    const missing = await request(t.http)
      .get('/api/v1/cases/00000000-0000-4000-8000-000000000000')
      .set(as('head'))
      .expect(404);
    expect(head.body).toEqual(missing.body);
    const list = await request(t.http).get('/api/v1/cases').set(as('head')).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(aboutHead.id);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(ordinary.id);
  });

  it('shows the reporter only the status, reference, their text and evidence', async () => {
    const mine = await request(t.http)
      .get(`/api/v1/cases/${ordinary.id}`)
      .set(as('staff'))
      .expect(200);
    expect(mine.body).toMatchObject({
      reference: ordinary.reference,
      status: 'reported',
      description: expect.stringContaining('rude comments'),
      subject: null,
      reporter: null,
      timeline: [],
      allowedTransitions: [],
    });
    expect(mine.body.evidence).toHaveLength(1);
  });

  it('answers 404 to other staff, another school, governors before a decision, and HR before referral', async () => {
    for (const who of ['staff2', 'head-elm', 'governor', 'hr']) {
      await request(t.http).get(`/api/v1/cases/${ordinary.id}`).set(as(who)).expect(404);
    }
    const list = await request(t.http).get('/api/v1/cases').set(as('staff2')).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([confidential.id]);
  });

  it('gives admins no case content at all', async () => {
    await request(t.http).get('/api/v1/cases').set(as('admin')).expect(403);
    await request(t.http).get(`/api/v1/cases/${ordinary.id}`).set(as('admin')).expect(403);
  });

  it('names a confidential reporter to the owner only', async () => {
    const head = await request(t.http)
      .get(`/api/v1/cases/${confidential.id}`)
      .set(as('head'))
      .expect(200);
    expect(head.body.reporter).toEqual({ id: ids.user('staff2@oak.example'), name: 'Tom Reed' });
    expect(head.body.confidentialReporter).toBe(true);
  });

  it('lets the owner and nobody else download evidence, byte for byte, and audits it', async () => {
    const detail = await request(t.http)
      .get(`/api/v1/cases/${ordinary.id}`)
      .set(as('head'))
      .expect(200);
    const evidenceId = detail.body.evidence[0].id as string;
    const res = await request(t.http)
      .get(`/api/v1/evidence/${evidenceId}/content`)
      .set(as('head'))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(
      createHash('sha256')
        .update(res.body as Buffer)
        .digest('hex'),
    ).toBe(createHash('sha256').update(shot).digest('hex'));
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .find({ where: { action: 'evidence.downloaded', targetId: evidenceId } });
    expect(audit).toHaveLength(1);
    await request(t.http)
      .get(`/api/v1/evidence/${evidenceId}/content`)
      .set(as('chair'))
      .expect(404);
    await request(t.http)
      .get(`/api/v1/evidence/${evidenceId}/content`)
      .set(as('head-elm'))
      .expect(404);
    await request(t.http)
      .get(`/api/v1/evidence/${evidenceId}/content`)
      .set(as('staff'))
      .expect(403);
  });

  it('lets the reporter and the owner add evidence; others get 404', async () => {
    const more = png(12, 12);
    const added = await request(t.http)
      .post(`/api/v1/cases/${ordinary.id}/evidence`)
      .set(as('staff'))
      .field('evidenceCapturedAt', '2026-11-20T20:00:00.000Z')
      .attach('evidence', more, { filename: 'more.png', contentType: 'image/png' })
      .expect(201);
    expect(added.body.evidence).toHaveLength(2);
    await request(t.http)
      .post(`/api/v1/cases/${ordinary.id}/evidence`)
      .set(as('staff2'))
      .attach('evidence', more, { filename: 'x.png', contentType: 'image/png' })
      .expect(404);
    const owner = await request(t.http)
      .post(`/api/v1/cases/${ordinary.id}/evidence`)
      .set(as('head'))
      .attach('evidence', png(9, 9), { filename: 'h.png', contentType: 'image/png' })
      .expect(201);
    expect(
      owner.body.timeline.filter((e: { kind: string }) => e.kind === 'evidence_added'),
    ).toHaveLength(3);
  });

  it('filters and pages the list', async () => {
    for (let i = 0; i < 4; i++) {
      await fileReport(
        t,
        tokens.staff,
        baseReport(ids.school.OAK, {
          type: 'online_abuse',
          clauseCodes: ['SM-11'],
          description: `Paging report ${i} mentions zebra crossing.`,
        }),
      ).expect(201);
    }
    const first = await request(t.http)
      .get('/api/v1/cases?limit=2&type=online_abuse')
      .set(as('head'))
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await request(t.http)
      .get(`/api/v1/cases?limit=2&type=online_abuse&cursor=${first.body.nextCursor}`)
      .set(as('head'))
      .expect(200);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(all).size).toBe(4);
    const byClause = await request(t.http)
      .get('/api/v1/cases?clause=SM-11')
      .set(as('head'))
      .expect(200);
    expect(byClause.body.items).toHaveLength(4);
    const byText = await request(t.http).get('/api/v1/cases?q=ZEBRA').set(as('head')).expect(200);
    expect(byText.body.items).toHaveLength(4);
    const byRef = await request(t.http)
      .get(`/api/v1/cases?q=${ordinary.reference}`)
      .set(as('head'))
      .expect(200);
    expect(byRef.body.items.map((c: { id: string }) => c.id)).toEqual([ordinary.id]);
    const reported = await request(t.http)
      .get('/api/v1/cases?status=reported')
      .set(as('head'))
      .expect(200);
    expect(reported.body.items.length).toBeGreaterThanOrEqual(6);
    await request(t.http).get('/api/v1/cases?status=bogus').set(as('head')).expect(400);
    await request(t.http).get('/api/v1/cases?limit=500').set(as('head')).expect(400);
    await request(t.http).get('/api/v1/cases?cursor=not-a-cursor').set(as('head')).expect(400);
  });

  it('shows the owner the notice in the app, worded without case details, and marks it read', async () => {
    const page = await request(t.http).get('/notifications').set(as('head')).expect(200);
    expect(page.text).toContain('A new report needs your attention');
    expect(page.text).toContain(`/cases/${ordinary.id}`);
    expect(page.text).toContain('>New<');
    expect(page.text).not.toContain('rude comments');
    await request(t.http).post('/notifications/read').set(as('head')).expect(303);
    const after = await request(t.http).get('/notifications').set(as('head')).expect(200);
    expect(after.text).not.toContain('>New<');
    // Marking read touched only the head's own notices.
    const staffPage = await request(t.http).get('/notifications').set(as('staff')).expect(200);
    expect(staffPage.text).toContain('>New<');
  });
});
