/**
 * Big case files are made in the background (issue 20 item 3): past PDF_BACKGROUND_FROM_IMAGES
 * evidence images a download answers 202 and asks the job queue; the job renders the file for
 * the person who asked, and their next download of the unchanged case gets those bytes, recorded
 * and verifiable like any case file. Set to two images here so three real screenshots count as
 * big; small files stay immediate (case-files.e2e-spec).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { CaseFileRender } from '../../src/documents/case-file-render.entity.js';
import { CaseFileRendersService } from '../../src/documents/case-file-renders.service.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { CaseSteps } from '../support/case-steps.js';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { phoneScreenshots } from '../support/sample-files.js';
import { binary } from '../support/binary.js';
import { pdfText } from '../support/pdf-text.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('big case files in the background', () => {
  let t: TestApp;
  let steps: CaseSteps;
  const tok: Record<string, string> = {};
  let caseId = '';

  const ask = (who: string, accept = 'application/json') =>
    binary(
      request(t.http)
        .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=hr`)
        .set(bearer(tok[who]))
        .set('Accept', accept),
    );
  const renders = () => t.dataSource.getRepository(CaseFileRender).find();

  beforeAll(async () => {
    t = await createTestApp({ env: { PDF_BACKGROUND_FROM_IMAGES: '2' } });
    steps = new CaseSteps(t);
    const ids = await demoIds(t);
    tok.staff = await t.login('staff@oak.example');
    tok.elmHead = await t.login('head@elm.example');
    tok.head = await t.login('head@oak.example');
    tok.hr = await t.login('hr@council.example');
    const shots = await phoneScreenshots(3);
    const filed = await fileReport(
      t,
      tok.staff,
      baseReport(ids.school.OAK),
      shots.map((bytes, i) => ({ name: `shot-${i}.png`, bytes })),
    ).expect(201);
    caseId = filed.body.id;
    await steps.triage(tok.head, caseId, 'conduct_breach');
    await steps.hrAdvice(tok.head, tok.hr, caseId);
    await t.app.get(JobQueue).drained();
  }, 120_000);
  afterAll(() => t.close());

  it('answers 202 for a big file, renders it through the queue, and hands that file over next time', async () => {
    const first = await ask('head').expect(202);
    expect(first.headers['retry-after']).toBe('15');
    const body = JSON.parse(first.body.toString()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'rendering',
      imageCount: 3,
      renderId: expect.any(String),
    });

    await t.app.get(JobQueue).drained(120_000);
    const [done] = await renders();
    expect(done).toMatchObject({
      id: body.renderId,
      status: 'ready',
      requestedById: expect.any(String),
    });

    // The person who asked is told (in the app, and by mail) that it is ready.
    const notices = await t.dataSource
      .getRepository(Notification)
      .findBy({ kind: 'case_file_ready', caseId });
    expect(notices.map((n) => n.userId)).toEqual([done.requestedById]);

    const pdf = await ask('head').expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha(pdf.body)).toBe(done.pdfSha256);
    // Recorded when it was made, so the copy handed over later verifies like any case file.
    const verdict = await request(t.http)
      .get(`/api/v1/documents/verify?sha256=${sha(pdf.body)}`)
      .set(bearer(tok.head))
      .expect(200);
    expect(verdict.body).toMatchObject({ genuine: true, variant: 'hr' });
  }, 180_000);

  it("keeps each person's file their own, and makes a new one once the case has changed", async () => {
    // HR's ask is theirs: the head's finished file is not handed to them.
    const hr = await ask('hr').expect(202);
    expect(JSON.parse(hr.body.toString())).toMatchObject({ status: 'rendering' });

    await request(t.http)
      .post(`/api/v1/cases/${caseId}/notes`)
      .set(bearer(tok.head))
      .send({ body: 'Spoke to the member of staff.' })
      .expect(201);
    // A browser is sent to the case page, which says the file is being made.
    const browser = await ask('head', 'text/html,application/xhtml+xml').expect(303);
    expect(browser.headers.location).toBe(`/cases/${caseId}?done=case_file_rendering`);
    await t.app.get(JobQueue).drained(120_000);
    expect((await renders()).map((r) => r.status)).toEqual(['ready', 'ready', 'ready']);
    expect(new Set((await renders()).map((r) => r.language))).toEqual(new Set(['en']));
  }, 180_000);

  it('makes a new file in the language a person switches to, not the one made before', async () => {
    await t.app.get(JobQueue).drained(120_000);
    await ask('head').expect(200); // ready, in English
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(tok.head))
      .send({ language: 'cy' })
      .expect(200);
    await ask('head').expect(202);
    await t.app.get(JobQueue).drained(120_000);
    const welsh = await ask('head').expect(200);
    expect(pdfText(welsh.body)).toContain('Ffeil achos');
    await request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(tok.head))
      .send({ language: 'school' })
      .expect(200);
  }, 180_000);

  it('asks nothing of the queue for someone who may not have the file', async () => {
    const before = (await renders()).length;
    await ask('elmHead').expect(404); // another school's head: not theirs
    await ask('staff').expect(403); // a role that never has case files
    expect((await renders()).length).toBe(before);
  });

  it('lets finished files go after a day: they are copies', async () => {
    const repo = t.dataSource.getRepository(CaseFileRender);
    const [oldest] = await repo.find({ order: { requestedAt: 'ASC' } });
    await repo.update({ id: oldest.id }, { requestedAt: new Date(Date.now() - 25 * 3600_000) });
    expect(await t.app.get(CaseFileRendersService).prune()).toBe(1);
    expect(await repo.countBy({ id: oldest.id })).toBe(0);
  });
});
