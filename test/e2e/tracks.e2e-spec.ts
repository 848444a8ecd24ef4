/**
 * One story per track, from report to close, through the API (DOMAIN.md §5), and each of the
 * ways today's build went wrong as a refusal with its rule's code.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CaseEvent } from '../../src/cases/case-event.entity.js';
import { OverdueReminders } from '../../src/cases/overdue-reminders.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { CaseSteps, expectCode, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const PEOPLE = ['staff', 'staff2', 'head', 'dsl', 'chair', 'governor', 'hr', 'admin'] as const;
type Who = (typeof PEOPLE)[number];

describe('case tracks, report to close', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok = {} as Record<Who | 'headElm', string>;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  const signInAll = async () => {
    for (const who of PEOPLE)
      tok[who] = await t.login(who === 'hr' ? 'hr@council.example' : `${who}@oak.example`);
    tok.headElm = await t.login('head@elm.example');
  };
  const file = async (over: Record<string, string | boolean | string[]> = {}, who: Who = 'staff') =>
    (await fileReport(t, tok[who], baseReport(ids.school.OAK, over)).expect(201)).body as CaseBody;
  const pdf = async (who: Who, id: string, variant: 'hr' | 'governors') =>
    pdfText(
      (
        await request(t.http)
          .get(`/api/v1/cases/${id}/case-file.pdf?variant=${variant}`)
          .set(bearer(tok[who]))
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (x: Buffer) => chunks.push(x));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .expect(200)
      ).body as Buffer,
    );
  const advance = async (days: number) => {
    clock.advanceDays(days);
    await signInAll();
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    await signInAll();
  });
  afterAll(() => t.close());

  describe('allegation (harm threshold)', () => {
    it('refuses to triage or close before the LADO is consulted, and keeps the missed deadline after closing', async () => {
      const c = await file({
        safeguarding: true,
        description: 'A teacher messaged a pupil privately.',
      });
      const early = await steps.move(tok.head, c.id, {
        to: 'closed',
        classification: 'harm_threshold',
        rationale: 'Nothing in it',
      });
      expectCode(early, 409, 'CASE_LADO_CONSULTATION_REQUIRED');
      expectCode(
        await steps.move(tok.head, c.id, { to: 'investigating', classification: 'harm_threshold' }),
        409,
        'CASE_LADO_CONSULTATION_REQUIRED',
      );
      // Two working days pass without the LADO: the reminder run keeps the lapse.
      await advance(2);
      await t.app.get(OverdueReminders).runOnce();
      await steps.referral(tok.head, c.id, 'lado', 'LADO-2026-31');
      await steps.triage(tok.head, c.id, 'harm_threshold');
      const outcome = {
        to: 'outcome',
        finding: 'unfounded',
        sanction: 'none',
        rationale: 'The messages were about a school trip and were copied to parents.',
        governorSummary: 'An allegation about a member of staff was unfounded.',
      };
      expectCode(await steps.move(tok.head, c.id, outcome), 409, 'CASE_LADO_AGREEMENT_REQUIRED');
      await steps.moveOk(tok.head, c.id, {
        ...outcome,
        ladoAgreedFinding: true,
        subjectInformedAt: '2026-11-18',
        parentsInformedDeferred: 'The pupil’s parents are told at a meeting next week',
      });
      const closed = await steps.moveOk(tok.head, c.id, { to: 'closed' });
      expect(closed.status).toBe('closed');
      expect(closed.procedure.missedDeadlines.map((m: CaseBody) => m.clock)).toContain('lado');
      const hr = await pdf('head', c.id, 'hr');
      expect(hr).toContain('Allegation (harm threshold, with the LADO)');
      expect(hr).toMatch(/LADO consultation \(1 working day\)/);
      const governors = await pdf('governor', c.id, 'governors');
      expect(governors).toMatch(/Deadlines missed/);
      expect(governors).toMatch(/LADO consultation/);
      expect(governors).toContain('The member of staff');
    });

    it('records a resignation and will not close without the DBS and TRA decisions', async () => {
      const c = await file();
      await steps.referral(tok.head, c.id, 'lado');
      await steps.triage(tok.head, c.id, 'harm_threshold');
      await steps
        .post(tok.head, `/api/v1/cases/${c.id}/resignation`, { resignedAt: '2026-11-16' })
        .expect(201);
      expectCode(
        await steps.move(tok.head, c.id, { to: 'closed', rationale: 'Left the school' }),
        409,
        'CASE_DBS_DECISION_REQUIRED',
      );
      expectCode(
        await steps.move(tok.head, c.id, {
          to: 'closed',
          rationale: 'Left the school',
          dbsDecision: 'referred',
          dbsDetail: 'DBS ref 123',
        }),
        409,
        'CASE_REGULATOR_DECISION_REQUIRED',
      );
      const closed = await steps.moveOk(tok.head, c.id, {
        to: 'closed',
        rationale: 'Left the school',
        dbsDecision: 'referred',
        dbsDetail: 'DBS ref 123',
        regulatorDecision: 'referred',
        regulatorDetail: 'TRA ref 9',
      });
      expect(closed.procedure.closing).toMatchObject({
        dbsDecision: 'referred',
        regulatorDecision: 'referred',
      });
      expect(closed.procedure.resignedAt).toBeTruthy();
    });
  });

  describe('conduct of a volunteer', () => {
    it('gives outcomes that fit a volunteer, never an employee warning, and asks for DBS at closing', async () => {
      const c = await file({ subjectRelationship: 'volunteer', subjectName: 'A parent helper' });
      await steps.triage(tok.head, c.id, 'conduct_breach');
      const base = {
        to: 'outcome',
        finding: 'substantiated',
        rationale: 'Posted photos of pupils from the trip.',
        governorSummary: 'A volunteer posted photos of pupils; they were stood down.',
      };
      expectCode(
        await steps.move(tok.head, c.id, { ...base, sanction: 'first_written_warning' }),
        409,
        'CASE_SANCTION_NOT_FOR_RELATIONSHIP',
      );
      await steps.moveOk(tok.head, c.id, { ...base, sanction: 'stood_down' });
      expectCode(
        await steps.move(tok.head, c.id, {
          to: 'appeal',
          appealLodgedAt: '2026-11-16',
          appealGrounds: 'x',
        }),
        409,
        'CASE_APPEAL_NOT_APPEALABLE',
      );
      expectCode(
        await steps.move(tok.head, c.id, { to: 'closed' }),
        409,
        'CASE_DBS_DECISION_REQUIRED',
      );
      const closed = await steps.moveOk(tok.head, c.id, {
        to: 'closed',
        dbsDecision: 'not_required',
        dbsDetail: 'No risk of harm to children: photos only',
      });
      expect(closed.status).toBe('closed');
      expect(await pdf('governor', c.id, 'governors')).toContain('Stood down as a volunteer');
    });
  });

  describe('low-level concern', () => {
    it('records a response, no finding and no sanction, and notices a pattern about the same adult', async () => {
      const about = { subjectName: 'Tom Reed', subjectUserId: ids.user('staff2@oak.example') };
      const first = await file({
        ...about,
        description: 'Took a photo of pupils on his own phone.',
      });
      await steps.triage(tok.head, first.id, 'low_level_concern');
      expectCode(
        await steps.move(tok.head, first.id, {
          to: 'outcome',
          finding: 'substantiated',
          sanction: 'dismissal',
          rationale: 'r',
          governorSummary: 'g',
        }),
        409,
        'CASE_INVALID_TRANSITION',
      );
      await steps.moveOk(tok.head, first.id, {
        to: 'outcome',
        response: 'guidance',
        rationale: 'Reminded of the rule on personal phones.',
        governorSummary: 'A low-level concern about a member of staff; guidance given.',
      });
      await steps.moveOk(tok.head, first.id, { to: 'closed' });
      // A second concern about the same adult within a year raises the review notice.
      const second = await file({
        ...about,
        description: 'Used his phone in the classroom again.',
      });
      await steps.triage(tok.head, second.id, 'low_level_concern');
      const notices = await t.dataSource
        .getRepository(Notification)
        .find({ where: { kind: 'concern_pattern' } });
      expect(notices.map((n) => n.userId).sort()).toEqual(
        [ids.user('head@oak.example'), ids.user('dsl@oak.example')].sort(),
      );
      const register = await request(t.http)
        .get(`/api/v1/schools/${ids.school.OAK}/low-level-concerns`)
        .set(bearer(tok.dsl))
        .expect(200);
      const tom = register.body.find((g: CaseBody) => g.subject.userId === about.subjectUserId);
      expect(tom.concerns.map((x: CaseBody) => x.reference)).toEqual([
        first.reference,
        second.reference,
      ]);
      await request(t.http)
        .get(`/api/v1/schools/${ids.school.OAK}/low-level-concerns`)
        .set(bearer(tok.staff))
        .expect(403);
      expect(await pdf('head', first.id, 'governors')).toContain('Written guidance');
    });
  });

  describe('online abuse by a parent', () => {
    it('takes actions instead of sanctions, prompts a takedown escalation, and records support', async () => {
      const c = await file({
        type: 'online_abuse',
        clauseCodes: [],
        subjectRelationship: 'parent',
        subjectName: 'A parent',
        description: 'A parent called a teacher a disgrace on the class Facebook group.',
      });
      await steps.triage(tok.head, c.id, 'online_abuse');
      // The old failure: a parent given summary dismissal.
      expectCode(
        await steps.move(tok.head, c.id, {
          to: 'outcome',
          finding: 'substantiated',
          sanction: 'summary_dismissal',
          rationale: 'r',
          governorSummary: 'g',
        }),
        409,
        'CASE_SUPPORT_REQUIRED',
      );
      await steps
        .post(tok.head, `/api/v1/cases/${c.id}/support`, {
          detail: 'Time with the wellbeing lead; union rep informed.',
        })
        .expect(201);
      expectCode(
        await steps.move(tok.head, c.id, { to: 'outcome', rationale: 'r', governorSummary: 'g' }),
        409,
        'CASE_ACTION_REQUIRED',
      );
      await steps
        .post(tok.head, `/api/v1/cases/${c.id}/actions`, {
          action: 'platform_takedown',
          platform: 'facebook',
        })
        .expect(201);
      await steps
        .post(tok.head, `/api/v1/cases/${c.id}/actions`, {
          action: 'warning_letter',
          detail: 'Letter reminding the parent of the home-school agreement.',
        })
        .expect(201);
      expectCode(
        await steps.move(tok.head, c.id, {
          to: 'outcome',
          finding: 'substantiated',
          sanction: 'summary_dismissal',
          rationale: 'r',
          governorSummary: 'g',
        }),
        409,
        'CASE_INVALID_TRANSITION',
      );
      // Two working days, not removed: the owner is prompted to escalate to POSH.
      await advance(3);
      await t.app.get(OverdueReminders).runOnce();
      const prompted = await t.dataSource
        .getRepository(Notification)
        .find({ where: { caseId: c.id, kind: 'overdue_reminder' } });
      expect(prompted.map((n) => n.userId)).toContain(ids.user('head@oak.example'));
      await steps.referral(tok.head, c.id, 'posh', 'POSH-55');
      await steps.moveOk(tok.head, c.id, {
        to: 'outcome',
        rationale: 'The post was removed after the escalation; the parent apologised.',
        governorSummary: 'A parent posted abuse about a teacher; a warning letter was sent.',
      });
      expectCode(
        await steps.move(tok.head, c.id, {
          to: 'appeal',
          appealLodgedAt: '2026-11-19',
          appealGrounds: 'x',
        }),
        409,
        'CASE_APPEAL_NOT_APPEALABLE',
      );
      await steps.moveOk(tok.head, c.id, { to: 'closed' });
      const governors = await pdf('governor', c.id, 'governors');
      expect(governors).toContain('The parent');
      expect(governors).toContain('Actions taken');
      expect(governors).toContain('Warning letter');
      expect(governors).not.toContain('Finding');
      const hr = await pdf('head', c.id, 'hr');
      expect(hr).toMatch(/Platform takedown/);
    });
  });

  describe("a pupil's behaviour", () => {
    it('goes to the DSL, and records actions under the behaviour policy', async () => {
      const c = await file({
        type: 'online_abuse',
        clauseCodes: [],
        subjectRelationship: 'pupil',
        subjectName: 'A Year 6 pupil',
        description: 'A pupil set up a group chat mocking another pupil.',
      });
      await request(t.http).get(`/api/v1/cases/${c.id}`).set(bearer(tok.head)).expect(404);
      await steps.triage(tok.dsl, c.id, 'pupil_behaviour');
      expectCode(
        await steps.move(tok.dsl, c.id, {
          to: 'outcome',
          finding: 'substantiated',
          sanction: 'first_written_warning',
          rationale: 'r',
          governorSummary: 'g',
        }),
        409,
        'CASE_ACTION_REQUIRED',
      );
      await steps
        .post(tok.dsl, `/api/v1/cases/${c.id}/actions`, { action: 'parents_informed' })
        .expect(201);
      await steps
        .post(tok.dsl, `/api/v1/cases/${c.id}/actions`, {
          action: 'behaviour_sanction',
          detail: 'Two lunchtime detentions and a restorative meeting.',
        })
        .expect(201);
      expectCode(
        await steps.move(tok.dsl, c.id, {
          to: 'outcome',
          sanction: 'first_written_warning',
          rationale: 'r',
          governorSummary: 'g',
        }),
        409,
        'CASE_INVALID_TRANSITION',
      );
      await steps.moveOk(tok.dsl, c.id, {
        to: 'outcome',
        rationale: 'The chat was closed; both families met the DSL.',
        governorSummary: 'A pupil bullied another pupil online; behaviour-policy sanctions.',
      });
      const closed = await steps.moveOk(tok.dsl, c.id, { to: 'closed' });
      expect(closed.track).toBe('pupil_behaviour');
      expect(await pdf('dsl', c.id, 'hr')).toContain("A pupil's behaviour");
    });
  });

  describe('indecent images of children', () => {
    it('is not investigated until the police say so; its link is never printed', async () => {
      const c = await file({
        safeguarding: true,
        indecentImagesOfChildren: true,
        postUrl: 'https://example.test/forbidden/123',
        description: 'A link to indecent images was shared in a staff chat.',
      });
      expectCode(
        await steps.move(tok.head, c.id, { to: 'investigating', classification: 'harm_threshold' }),
        409,
        'CASE_LADO_CONSULTATION_REQUIRED',
      );
      await steps.referral(tok.head, c.id, 'lado');
      expectCode(
        await steps.move(tok.head, c.id, { to: 'investigating', classification: 'harm_threshold' }),
        409,
        'CASE_POLICE_INVESTIGATING',
      );
      const hold = {
        to: 'on_hold',
        classification: 'harm_threshold',
        holdAgency: 'police',
        holdReviewDate: '2026-12-04',
      };
      expectCode(await steps.move(tok.head, c.id, hold), 409, 'CASE_POLICE_REFERRAL_REQUIRED');
      await steps.referral(tok.head, c.id, 'police', 'POL-1');
      expectCode(await steps.move(tok.head, c.id, hold), 409, 'CASE_POLICE_REFERRAL_REQUIRED');
      await steps.referral(tok.head, c.id, 'iwf', 'IWF-1');
      const held = await steps.moveOk(tok.head, c.id, hold);
      expect(held.status).toBe('on_hold');
      expectCode(
        await steps.move(tok.head, c.id, { to: 'investigating', note: 'Back to it' }),
        409,
        'CASE_POLICE_INVESTIGATING',
      );
      await steps.moveOk(tok.head, c.id, {
        to: 'investigating',
        note: 'The police have finished and agree the school may proceed.',
        agencyAgreed: true,
      });
      const hr = await pdf('head', c.id, 'hr');
      expect(hr).not.toContain('example.test/forbidden');
      expect(hr).toContain('Withheld');
      expect((await steps.get(tok.head, c.id)).postUrl).toContain('example.test');
    });
  });

  describe('moves every track has', () => {
    it('reclassifies with a reason (the LADO clock restarts), refuses after the outcome, and reopens on new evidence', async () => {
      const c = await file();
      await steps.triage(tok.head, c.id, 'conduct_breach');
      const version = (await steps.get(tok.head, c.id)).version;
      const res = await steps
        .post(tok.head, `/api/v1/cases/${c.id}/reclassify`, {
          classification: 'harm_threshold',
          reason: 'New screenshots show messages to a pupil.',
          version,
        })
        .expect(200);
      expect(res.body.track).toBe('allegation');
      expect(res.body.procedure.deadlines.map((d: CaseBody) => d.clock)).toContain('lado');
      await steps.referral(tok.head, c.id, 'lado');
      const outcome = await steps.moveOk(tok.head, c.id, {
        to: 'outcome',
        finding: 'unsubstantiated',
        sanction: 'none',
        rationale: 'Not enough to show it happened.',
        governorSummary: 'An allegation was not substantiated.',
        ladoAgreedFinding: true,
        subjectInformedAt: '2026-11-19',
        parentsInformedAt: '2026-11-19',
      });
      const late = await steps
        .post(tok.head, `/api/v1/cases/${c.id}/reclassify`, {
          classification: 'low_level_concern',
          reason: 'It seems less serious now',
          version: outcome.version,
        })
        .expect(409);
      expect(late.body.code).toBe('CASE_INVALID_TRANSITION');
      await steps.moveOk(tok.head, c.id, { to: 'closed' });
      const reopened = await steps.moveOk(tok.head, c.id, {
        to: 'investigating',
        note: 'A second pupil has come forward.',
      });
      expect(reopened.status).toBe('investigating');
      const events = await t.dataSource.getRepository(CaseEvent).find({ where: { caseId: c.id } });
      expect(events.map((e) => e.kind)).toContain('reclassified');
    });

    it('puts a case on hold for at most 20 working days, and closes it with no further action', async () => {
      const c = await file();
      await steps.triage(tok.head, c.id, 'conduct_breach');
      expectCode(
        await steps.move(tok.head, c.id, {
          to: 'on_hold',
          holdAgency: 'police',
          holdReviewDate: '2027-03-01',
        }),
        409,
        'CASE_HOLD_REVIEW_TOO_FAR',
      );
      await steps.moveOk(tok.head, c.id, {
        to: 'on_hold',
        holdAgency: 'police',
        holdReviewDate: '2026-12-11',
      });
      const closed = await steps.moveOk(tok.head, c.id, {
        to: 'closed',
        rationale: 'The police took no further action and the reporter withdrew the complaint.',
      });
      expect(closed.status).toBe('closed');
      const reporterNotice = await t.dataSource
        .getRepository(Notification)
        .findOneBy({ caseId: c.id, kind: 'report_closed' });
      expect(reporterNotice?.userId).toBe(ids.user('staff@oak.example'));
    });

    it('refuses a parent’s case classified as a conduct breach', async () => {
      const c = await file({
        type: 'online_abuse',
        clauseCodes: [],
        subjectRelationship: 'parent',
      });
      expectCode(
        await steps.move(tok.head, c.id, { to: 'investigating', classification: 'conduct_breach' }),
        409,
        'CASE_CLASSIFICATION_MISMATCH',
      );
    });
  });
});
