/**
 * Every hand-off of DOMAIN.md §4-§5 reaches whoever must act next, in the app and by mail over
 * real SMTP (issue 17 item 3): the owner when a report arrives (with the clock it must beat),
 * when HR returns the case, when evidence is added and when an appeal is decided; the chair when
 * an appeal is lodged; the panel when appointed; the reporter when the case closes. No mail
 * carries anything of the case but its link.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { CaseSteps, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { png } from '../support/sample-files.js';
import { startSmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const SECRET = 'Sam Taylor posted a photo of the Year 4 trip and mocked Jamie Fletcher.';

describe('notices and mail for every hand-off', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  const tok: Record<string, string> = {};
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  const signInAll = async () => {
    for (const who of ['staff', 'head', 'dsl', 'chair', 'governor'])
      tok[who] = await t.login(`${who}@oak.example`);
    tok.hr = await t.login('hr@council.example');
  };
  /** The mails sent since `from` (an index into the sink), once the queue has sent them. */
  const mailsSince = async (from: number): Promise<ReceivedMail[]> => {
    await t.app.get(JobQueue).drained();
    return smtp.mails.slice(from);
  };
  const subject = (m: ReceivedMail) => /^Subject: (.*)$/m.exec(m.text)?.[1]?.trim() ?? '';
  const noticeKinds = async (email: string) =>
    (
      await t.dataSource
        .getRepository(Notification)
        .find({ where: { userId: ids.user(email) }, order: { createdAt: 'ASC' } })
    ).map((n) => n.kind);
  /** Reference and link only: nothing the report said, nobody it names. */
  const expectNoDetails = (mails: ReceivedMail[]) => {
    for (const mail of mails)
      for (const detail of ['Sam Taylor', 'Jamie', 'Year 4', 'photo', 'SM-05', 'Facebook'])
        expect(mail.text).not.toContain(detail);
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({
      clock,
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cases.example.org' },
    });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    await signInAll();
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('tells each person who must act next, by mail with a link and the clock, never the case', async () => {
    let seen = smtp.mails.length;
    const filed = (
      await fileReport(
        t,
        tok.staff,
        baseReport(ids.school.OAK, {
          subjectName: 'Sam Taylor',
          subjectUserId: ids.user('staff2@oak.example'),
          description: SECRET,
        }),
      ).expect(201)
    ).body as CaseBody;
    const id = filed.id as string;
    const link = `https://cases.example.org/cases/${id}`;
    const all: ReceivedMail[] = [];
    const next = async () => {
      const mails = await mailsSince(seen);
      seen = smtp.mails.length;
      all.push(...mails);
      return mails;
    };

    // A new report: the owner's mail says the triage clock is running.
    const assigned = (await next()).find((m) => m.to.includes('head@oak.example'))!;
    expect(assigned.text).toContain(link);
    expect(assigned.text).toContain('needs action within 1 working day');

    await steps.triage(tok.head, id, 'conduct_breach');
    await steps.moveOk(tok.head, id, { to: 'hr_advice', hrQuestion: 'Is a hearing right?' });
    await steps.post(tok.hr, `/api/v1/cases/${id}/hr-advice`, { advice: 'Yes.' }).expect(201);
    await next();
    // HR hands the case back: the owner hears of it by name, with the review clock now running.
    await steps.moveOk(tok.hr, id, { to: 'investigating', note: 'Advice given; back to you.' });
    const returned = (await next()).filter((m) => m.to.includes('head@oak.example'));
    expect(returned.map(subject)).toEqual(['HR has returned a case to you']);
    expect(returned[0].text).toContain(link);
    expect(returned[0].text).toContain('needs action within 20 working days');

    // The reporter adds evidence: the owner is told; the owner adding their own is not.
    await request(t.http)
      .post(`/api/v1/cases/${id}/evidence`)
      .set(bearer(tok.staff))
      .attach('evidence', png(12, 12), { filename: 'more.png', contentType: 'image/png' })
      .expect(201);
    const evidence = (await next()).filter((m) => m.to.includes('head@oak.example'));
    expect(evidence.map(subject)).toEqual(['New evidence has been added to a case']);
    await request(t.http)
      .post(`/api/v1/cases/${id}/evidence`)
      .set(bearer(tok.head))
      .attach('evidence', png(14, 14), { filename: 'own.png', contentType: 'image/png' })
      .expect(201);
    expect(await next()).toEqual([]);

    // Hearing, decision, outcome letter; an appeal is lodged: the chair must appoint a panel.
    await steps.callHearing(tok.head, id, ids.user('dsl@oak.example'));
    clock.advanceDays(15);
    await signInAll();
    await steps.recordHearing(tok.dsl, id);
    await steps.moveOk(tok.dsl, id, {
      to: 'outcome',
      finding: 'substantiated',
      sanction: 'final_written_warning',
      rationale: 'The post breached the policy.',
      governorSummary: 'A member of staff posted about the school; a final warning was given.',
    });
    await steps.sendOutcomeLetter(tok.head, id);
    await next();
    await steps.lodgeAppeal(tok.head, id);
    const lodged = (await next()).filter((m) => m.to.includes('chair@oak.example'));
    expect(lodged.map(subject)).toEqual(['An appeal needs a panel']);

    // The chair's list shows the appeal waiting for them.
    const chairList = await request(t.http).get('/cases').set(bearer(tok.chair)).expect(200);
    expect(chairList.text).toContain('Appeals waiting for you');
    expect(chairList.text).toContain(filed.reference);

    // The panel is told it is appointed; once it decides, the owner is told.
    await steps.appointPanel(tok.chair, id, [ids.user('governor@oak.example')]);
    const appointed = (await next()).filter((m) => m.to.includes('governor@oak.example'));
    expect(appointed.map(subject)).toEqual(['You have been appointed to a panel']);
    await steps.moveOk(tok.governor, id, {
      to: 'outcome',
      appealResult: 'reduced',
      sanction: 'first_written_warning',
    });
    const decided = (await next()).filter((m) => m.to.includes('head@oak.example'));
    expect(decided.map(subject)).toEqual(['An appeal has been decided']);
    expect(decided[0].text).toContain(link);

    // Closed: the reporter is told, with their reference.
    await steps.moveOk(tok.head, id, { to: 'closed' });
    const closed = (await next()).filter((m) => m.to.includes('staff@oak.example'));
    expect(closed.map(subject)).toEqual([`Your report has been closed (${filed.reference})`]);

    expectNoDetails(all);
    // The same hand-offs are in the app, for each person.
    expect(await noticeKinds('head@oak.example')).toEqual(
      expect.arrayContaining([
        'case_assigned',
        'returned_from_hr',
        'evidence_added',
        'appeal_decided',
      ]),
    );
    expect(await noticeKinds('chair@oak.example')).toContain('appeal_lodged');
    expect(await noticeKinds('governor@oak.example')).toContain('panel_appointed');
    expect(await noticeKinds('staff@oak.example')).toContain('report_closed');
  });
});
