/**
 * The disciplinary procedure as the ACAS Code and a tribunal expect it (DOMAIN.md §5, §7):
 * notice, one postponement, a companion and notes, letters that can be proven genuine, an
 * appeal that never raises a sanction, a dismissal decided by governors where the school says
 * so, and the admin's settings behind all of it. Each refusal is asked for by name.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { londonDate } from '../../src/common/clock/london-time.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { Membership } from '../../src/users/membership.entity.js';
import { User } from '../../src/users/user.entity.js';
import { CaseSteps, expectCode, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { png } from '../support/sample-files.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const PEOPLE = ['staff', 'staff2', 'head', 'dsl', 'chair', 'governor', 'admin'] as const;
type Who = (typeof PEOPLE)[number] | 'hr' | 'adminElm' | 'gov2' | 'gov3' | 'gov4';
const EXTRA_GOVERNORS = ['gov2', 'gov3', 'gov4'] as const;

describe('the disciplinary procedure', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok = {} as Record<Who, string>;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday
  const governorIds: Record<string, string> = {};

  const signInAll = async () => {
    for (const who of PEOPLE) tok[who] = await t.login(`${who}@oak.example`);
    tok.hr = await t.login('hr@council.example');
    tok.adminElm = await t.login('admin@elm.example');
    for (const who of EXTRA_GOVERNORS) tok[who] = await t.login(`${who}@oak.example`);
  };
  const advance = async (days: number) => {
    clock.advanceDays(days);
    await signInAll();
  };
  const download = (who: Who, path: string) =>
    request(t.http)
      .get(path)
      .set(bearer(tok[who]))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const letter = (who: Who, id: string, kind: 'invitation' | 'outcome') =>
    download(who, `/api/v1/cases/${id}/${kind}-letter.pdf`);
  const text = async (who: Who, path: string) =>
    pdfText((await download(who, path).expect(200)).body as Buffer);
  const hearingRecord = async (who: Who, id: string, body: Record<string, unknown>) => {
    const version = (await steps.get(tok.head, id)).version as number;
    return steps.post(tok[who], `/api/v1/cases/${id}/hearing-record`, { version, ...body });
  };

  /** A conduct breach about staff2, triaged by the head (its investigator) and advised on by HR. */
  async function advisedCase(): Promise<{ id: string; sha256: string }> {
    const shot = png(48, 32);
    const filed = (
      await fileReport(
        t,
        tok.staff,
        baseReport(ids.school.OAK, {
          subjectName: 'Sam Taylor',
          subjectUserId: ids.user('staff2@oak.example'),
          clauseCodes: ['SM-05'],
        }),
        [{ name: 'post.png', bytes: shot }],
      ).expect(201)
    ).body as CaseBody;
    await steps.triage(tok.head, filed.id, 'conduct_breach');
    await steps.hrAdvice(tok.head, tok.hr, filed.id, 'A hearing is proportionate.');
    return { id: filed.id, sha256: createHash('sha256').update(shot).digest('hex') };
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    // Three more governors, so a dismissal panel of three uninvolved people can be formed.
    await t.app.get(TransactionRunner).run(async (em) => {
      const demo = await em.getRepository(User).findOneByOrFail({ email: 'governor@oak.example' });
      for (const who of EXTRA_GOVERNORS) {
        governorIds[who] = randomUUID();
        await em.getRepository(User).insert({
          ...demo,
          id: governorIds[who],
          email: `${who}@oak.example`,
          name: `Governor ${who}`,
        });
        await em.getRepository(Membership).insert({
          id: randomUUID(),
          userId: governorIds[who],
          schoolId: ids.school.OAK,
          role: 'governor',
          createdAt: clock.now(),
        });
      }
    });
    await signInAll();
  });
  afterAll(() => t.close());

  it('runs a hearing with notice, one postponement, a companion and notes, letters and a reduced appeal', async () => {
    const { id, sha256 } = await advisedCase();
    const inTwoWeeks = new Date(clock.now().getTime() + 14 * 86_400_000);
    inTwoWeeks.setUTCHours(10, 0, 0, 0);
    const invite = (over: Record<string, unknown>) =>
      steps.move(tok.head, id, {
        to: 'hearing',
        hearingManagerId: ids.user('dsl@oak.example'),
        hearingAt: inTwoWeeks.toISOString(),
        hearingPlace: 'Meeting room 2',
        invitationSentAt: londonDate(clock.now()),
        ...over,
      });

    // The investigator (the head, who triaged it) may not hear it; nor may it come too soon.
    expectCode(
      await invite({ hearingManagerId: ids.user('head@oak.example') }),
      409,
      'CASE_HEARING_MANAGER_CONFLICT',
    );
    const tooSoon = new Date(clock.now().getTime() + 2 * 86_400_000).toISOString();
    expectCode(await invite({ hearingAt: tooSoon }), 409, 'CASE_HEARING_NOTICE_TOO_SHORT');
    // No letter before a hearing is called.
    const early = await letter('head', id, 'invitation');
    expect({
      status: early.status,
      ...JSON.parse((early.body as Buffer).toString()),
    }).toMatchObject({ status: 409, code: 'CASE_LETTER_NOT_READY' });
    const called = await invite({});
    expect(called.status).toBe(200);

    // The invitation: the allegation, the evidence by hash, when and where, the right to a companion.
    const invitation = await letter('head', id, 'invitation').expect(200);
    expect(invitation.headers['content-type']).toBe('application/pdf');
    const words = await pdfText(invitation.body as Buffer);
    expect(words).toContain('Invitation to a disciplinary hearing');
    expect(words).toContain('Dear Sam Taylor');
    expect(words).toContain('SM-05');
    expect(words).toContain(`SHA-256 ${sha256}`);
    expect(words).toContain('Meeting room 2');
    expect(words).toMatch(/work colleague or a\s+trade union representative/);
    expect(words).not.toContain('posted rude comments'); // the reporter's own words stay out
    const invitationSha = createHash('sha256')
      .update(invitation.body as Buffer)
      .digest('hex');
    const verdict = await request(t.http)
      .get(`/api/v1/documents/verify?sha256=${invitationSha}`)
      .set(bearer(tok.head))
      .expect(200);
    expect(verdict.body).toMatchObject({ genuine: true, variant: 'invitation' });
    // Whoever hears it has the letter; the reporter, a governor and another school do not.
    await letter('dsl', id, 'invitation').expect(200);
    for (const who of ['staff', 'governor', 'chair'] as const)
      await letter(who, id, 'invitation').expect(404);

    // One postponement, within five working days of the original date.
    const tooLate = new Date(inTwoWeeks.getTime() + 9 * 86_400_000).toISOString();
    expectCode(
      await steps.move(tok.head, id, { to: 'hearing', hearingAt: tooLate, note: 'Union rep away' }),
      409,
      'CASE_POSTPONEMENT_TOO_LATE',
    );
    const postponedTo = new Date(inTwoWeeks.getTime() + 2 * 86_400_000);
    await steps.moveOk(tok.head, id, {
      to: 'hearing',
      hearingAt: postponedTo.toISOString(),
      note: 'The union representative cannot attend the first date',
    });
    expectCode(
      await steps.move(tok.head, id, {
        to: 'hearing',
        hearingAt: new Date(postponedTo.getTime() + 86_400_000).toISOString(),
        note: 'Again',
      }),
      409,
      'CASE_POSTPONEMENT_LIMIT',
    );

    // After the hearing: it must be recorded before it is decided.
    await advance(17);
    const decision = {
      to: 'outcome',
      finding: 'substantiated',
      sanction: 'final_written_warning',
      rationale: 'The post named the school and breached SM-05.',
      governorSummary: 'A member of staff posted about the school; a final warning was given.',
    };
    expectCode(await steps.move(tok.dsl, id, decision), 409, 'CASE_HEARING_NOT_HELD');
    const heldAt = new Date(clock.now().getTime() - 3600_000).toISOString();
    const notes = 'Sam accepted posting it and apologised; said they did not know the policy.';
    expect((await hearingRecord('hr', id, { heldAt, companion: 'none', notes })).status).toBe(403);
    const noName = await hearingRecord('dsl', id, { heldAt, companion: 'colleague', notes });
    expectCode(noName, 400, 'VALIDATION_FAILED');
    expect(noName.body.message).toEqual([
      'companionName is required: say who came with the employee',
    ]);
    const recorded = await hearingRecord('dsl', id, {
      heldAt,
      companion: 'trade_union_representative',
      companionName: 'Pat Morgan',
      notes,
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.procedure.hearing).toMatchObject({
      heldAt,
      companion: 'trade_union_representative',
      companionName: 'Pat Morgan',
      notes,
    });
    expectCode(
      await hearingRecord('dsl', id, { heldAt, companion: 'none', notes }),
      409,
      'CASE_ALREADY_RECORDED',
    );
    expectCode(
      await steps.move(tok.head, id, {
        to: 'hearing',
        hearingAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
        note: 'Too late now',
      }),
      409,
      'CASE_INVALID_TRANSITION',
    );

    // Summary dismissal needs gross misconduct; a final written warning is decided.
    expectCode(
      await steps.move(tok.dsl, id, { ...decision, sanction: 'summary_dismissal' }),
      409,
      'CASE_GROSS_MISCONDUCT_REQUIRED',
    );
    await steps.moveOk(tok.dsl, id, decision);

    // The outcome letter: the sanction, its expiry, the right of appeal and its last day.
    const outcome = await text('head', `/api/v1/cases/${id}/outcome-letter.pdf`);
    expect(outcome).toContain('Outcome of the disciplinary hearing');
    expect(outcome).toContain('Final written warning');
    expect(outcome).toContain('Warning in force until');
    expect(outcome).toMatch(/within 10 working days of the date of this letter/);
    await steps.sendOutcomeLetter(tok.head, id);

    // An appeal needs grounds; the panel may lower the sanction but never raise it.
    const noGrounds = await steps.move(tok.head, id, {
      to: 'appeal',
      appealLodgedAt: londonDate(clock.now()),
    });
    expect(noGrounds.status).toBe(400);
    await steps.lodgeAppeal(tok.head, id, 'The warning is too severe for a first post.');
    await steps.appointPanel(tok.chair, id, [governorIds.gov2]);
    expectCode(
      await steps.move(tok.gov2, id, {
        to: 'outcome',
        appealResult: 'reduced',
        sanction: 'dismissal',
      }),
      409,
      'CASE_APPEAL_CANNOT_INCREASE',
    );
    const reduced = await steps.moveOk(tok.gov2, id, {
      to: 'outcome',
      appealResult: 'reduced',
      sanction: 'first_written_warning',
      note: 'A first post; the employee apologised at once.',
    });
    expect(reduced.outcome).toMatchObject({
      sanction: 'first_written_warning',
      appealResult: 'reduced',
    });
    expect(reduced.procedure.sanctionHistory.map((h: CaseBody) => h.sanction)).toEqual([
      'final_written_warning',
      'first_written_warning',
    ]);
    await steps.moveOk(tok.head, id, { to: 'closed' });

    // The HR file keeps both sanctions, the appeal's date, the companion and the notes.
    const file = await text('head', `/api/v1/cases/${id}/case-file.pdf?variant=hr`);
    for (const expected of [
      'Final written warning',
      'First written warning',
      'Appeal lodged',
      'A trade union representative: Pat Morgan',
      'Sam accepted posting it and apologised',
    ])
      expect(file).toContain(expected);
    // The outcome letter, downloaded again, is still the letter that was sent.
    const again = await text('hr', `/api/v1/cases/${id}/outcome-letter.pdf`);
    expect(again).toContain('Final written warning');
    expect(again).not.toContain('First written warning');
  });

  it('refuses an appeal lodged after the window closes', async () => {
    const { id } = await advisedCase();
    await steps.callHearing(tok.head, id, ids.user('dsl@oak.example'));
    await advance(15);
    await steps.recordHearing(tok.dsl, id);
    await steps.moveOk(tok.dsl, id, {
      to: 'outcome',
      finding: 'substantiated',
      sanction: 'first_written_warning',
      rationale: 'It breached the policy.',
      governorSummary: 'A member of staff was warned.',
    });
    await steps.sendOutcomeLetter(tok.head, id);
    await advance(21); // three weeks: 15 working days, past the 10 the school allows
    expectCode(
      await steps.move(tok.head, id, {
        to: 'appeal',
        appealLodgedAt: londonDate(clock.now()),
        appealGrounds: 'Late grounds',
      }),
      409,
      'CASE_APPEAL_LATE',
    );
  });

  it('has dismissal decided by a panel of three governors where the school says so', async () => {
    const settings = `/api/v1/schools/${ids.school.OAK}/settings`;
    const current = (await request(t.http).get(settings).set(bearer(tok.head)).expect(200)).body;
    expect(current).toMatchObject({ noticeWorkingDays: 5, appealWindowWorkingDays: 10 });
    const form = Object.fromEntries(
      Object.entries(current as CaseBody).filter(
        ([k]) => !['schoolId', 'customised', 'updatedAt'].includes(k),
      ),
    );
    // The head reads the rules; only the admin sets them, and only for their own school.
    await request(t.http).put(settings).set(bearer(tok.head)).send(form).expect(403);
    await request(t.http).put(settings).set(bearer(tok.adminElm)).send(form).expect(404);
    const refused = await request(t.http)
      .put(settings)
      .set(bearer(tok.admin))
      .send({ ...form, noticeWorkingDays: 0, closureDays: ['next tuesday'] })
      .expect(400);
    expect(refused.body.message).toEqual(
      expect.arrayContaining([
        "Working days' notice of a disciplinary hearing must be at least 1",
        'Each closure day must be a date written like 2027-02-15',
      ]),
    );
    const saved = await request(t.http)
      .put(settings)
      .set(bearer(tok.admin))
      .send({ ...form, dismissalByPanel: true })
      .expect(200);
    expect(saved.body).toMatchObject({ dismissalByPanel: true, customised: true });
    const audited = await t.dataSource
      .getRepository(AuditEntry)
      .findOneByOrFail({ action: 'school.settings_changed' });
    expect(JSON.parse(audited.detail ?? '{}')).toMatchObject({
      before: { dismissalByPanel: false },
      after: { dismissalByPanel: true },
    });

    try {
      const { id } = await advisedCase();
      await steps.callHearing(tok.head, id, ids.user('dsl@oak.example'));
      // The chair is asked to appoint the panel, and may appoint three but not two.
      const asked = await t.dataSource.getRepository(Notification).findOneBy({
        caseId: id,
        kind: 'dismissal_panel_needed',
        userId: ids.user('chair@oak.example'),
      });
      expect(asked).not.toBeNull();
      const version = (await steps.get(tok.head, id)).version as number;
      const two = await steps.post(tok.chair, `/api/v1/cases/${id}/panel`, {
        memberIds: [governorIds.gov2, governorIds.gov3],
        version,
      });
      expect(two.status).toBe(400);
      expect(two.body.message).toEqual([
        'A dismissal is decided by a panel of at least 3 governors',
      ]);
      await steps.appointPanel(tok.chair, id, [
        governorIds.gov2,
        governorIds.gov3,
        governorIds.gov4,
      ]);
      await advance(15);
      await steps.recordHearing(tok.dsl, id);
      const dismissal = {
        to: 'outcome',
        finding: 'substantiated',
        sanction: 'dismissal',
        rationale: 'Repeated and serious.',
        governorSummary: 'A member of staff was dismissed.',
      };
      // The hearing manager may not dismiss; the panel does, and then no longer sees the case.
      expectCode(await steps.move(tok.dsl, id, dismissal), 409, 'CASE_DISMISSAL_PANEL_REQUIRED');
      await steps.moveOk(tok.gov3, id, dismissal);
      await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(tok.gov3)).expect(404);
    } finally {
      await request(t.http)
        .put(settings)
        .set(bearer(tok.admin))
        .send({ ...form, dismissalByPanel: false })
        .expect(200);
    }
  });
});
