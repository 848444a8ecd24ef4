/**
 * Two-way messages with the reporter (issue 21, item 3): the owner asks a confidential reporter
 * a follow-up question and gets an answer, without the reporter being named to anyone but the
 * owner and HR, in the API, the mail or the case as a hearing manager reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CaseEvent } from '../../src/cases/case-event.entity.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { CaseSteps, expectCode, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { binary } from '../support/binary.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const PEOPLE = ['staff', 'staff2', 'head', 'dsl', 'admin'] as const;
type Who = (typeof PEOPLE)[number] | 'hr' | 'headElm';

const subjectOf = (mail: { raw: string }) => /^Subject: (.*)$/im.exec(mail.raw)?.[1]?.trim();

const QUESTION = 'Could you tell me when you first saw the post, and who else saw it?';
const ANSWER = 'I saw it on Sunday evening; the Year 4 team saw it too.';

describe('messages between the school and the reporter', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let c: CaseBody;
  const tok = {} as Record<Who, string>;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z');

  const messages = (who: Who) =>
    request(t.http).get(`/api/v1/cases/${c.id}/messages`).set(bearer(tok[who]));
  const send = (who: Who, body: unknown) =>
    request(t.http).post(`/api/v1/cases/${c.id}/messages`).set(bearer(tok[who])).send({ body });
  const messageEvents = () =>
    t.dataSource.getRepository(CaseEvent).count({ where: { caseId: c.id, kind: 'message' } });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({
      clock,
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cases.example.org' },
    });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    for (const who of PEOPLE) tok[who] = await t.login(`${who}@oak.example`);
    tok.hr = await t.login('hr@council.example');
    tok.headElm = await t.login('head@elm.example');
    c = (
      await fileReport(
        t,
        tok.staff,
        baseReport(ids.school.OAK, { confidentialReporter: true, subjectName: 'Tom Reed' }),
      ).expect(201)
    ).body as CaseBody;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('lets the owner ask and the reporter answer, and mails neither the words nor a name', async () => {
    const asked = await send('head', QUESTION).expect(201);
    expect(asked.body).toMatchObject({ from: 'school', author: null, body: QUESTION });
    await t.app.get(JobQueue).drained();
    const toReporter = smtp.mails.filter((m) => m.to.includes('staff@oak.example'));
    const waiting = toReporter.find((m) => subjectOf(m) === 'A message is waiting for you');
    expect(waiting?.text).toContain(`https://cases.example.org/cases/${c.id}`);

    const thread = await messages('staff').expect(200);
    expect(thread.body.items).toEqual([
      { id: asked.body.id, at: expect.any(String), from: 'school', author: null, body: QUESTION },
    ]);
    await send('staff', ANSWER).expect(201);
    await t.app.get(JobQueue).drained();
    const toHead = smtp.mails.find(
      (m) => m.to.includes('head@oak.example') && subjectOf(m) === 'A message is waiting on a case',
    );
    expect(toHead).toBeDefined();
    for (const mail of [waiting!, toHead!])
      for (const secret of ['Sunday', 'first saw', 'Tom Reed', 'Priya', 'Helen', 'SM-05'])
        expect(mail.raw).not.toContain(secret);

    // The owner sees who wrote; the reporter reads the school's side as the school's.
    const owner = await messages('head').expect(200);
    expect(owner.body.items.map((m: CaseBody) => [m.from, m.author, m.body])).toEqual([
      ['school', 'Helen Carter', QUESTION],
      ['reporter', 'Priya Shah', ANSWER],
    ]);
    const reporter = await messages('staff').expect(200);
    expect(reporter.body.items.map((m: CaseBody) => m.author)).toEqual([null, 'Priya Shah']);
  });

  it('answers 404 to anyone else who asks for the thread, and 403 to the admin', async () => {
    for (const who of ['staff2', 'headElm', 'dsl'] as const) {
      await messages(who).expect(404);
      expectCode(await send(who, 'Hello'), 404, 'NOT_FOUND');
    }
    await messages('admin').expect(403);
  });

  it('refuses an empty or overlong message with a plain reason, writing nothing', async () => {
    const before = await messageEvents();
    for (const body of ['', 'x'.repeat(5001)]) {
      const refused = await send('head', body).expect(400);
      expect(refused.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: ['A message must be between 1 and 5,000 characters.'],
      });
    }
    expect(await messageEvents()).toBe(before);
  });

  it('keeps the thread from a hearing manager, and in the HR file names the reporter to HR', async () => {
    await steps.triage(tok.head, c.id, 'conduct_breach');
    await steps.hrAdvice(tok.head, tok.hr, c.id);
    await steps.callHearing(tok.head, c.id, ids.user('dsl@oak.example'));
    const hearing = (
      await request(t.http).get(`/api/v1/cases/${c.id}`).set(bearer(tok.dsl)).expect(200)
    ).body as CaseBody;
    expect(hearing).toMatchObject({ access: 'hearing', reporter: null });
    expect(hearing.timeline.map((e: CaseBody) => e.kind)).not.toContain('message');
    expect(JSON.stringify(hearing)).not.toContain('Sunday');
    await messages('dsl').expect(404);

    // HR reads the thread, and the HR file prints it with the reporter's name.
    expect((await messages('hr').expect(200)).body.items).toHaveLength(2);
    const file = await binary(
      request(t.http).get(`/api/v1/cases/${c.id}/case-file.pdf?variant=hr`).set(bearer(tok.hr)),
    ).expect(200);
    const text = pdfText(file.body as Buffer);
    expect(text).toContain('Message from the person who reported it');
    expect(text).toContain('Sunday evening');
    expect(text).toContain('Priya Shah');
  });
});
