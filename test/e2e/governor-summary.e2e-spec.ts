/**
 * The owner's summary for governors (DOMAIN.md §7, issue 17 item 2): before it is saved the
 * names the case knows are looked for in it, and the save waits until they are removed or
 * confirmed; after an appeal it is corrected as an event, the governors' summary printing the
 * latest text and the HR file keeping the one it replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { Membership } from '../../src/users/membership.entity.js';
import { User } from '../../src/users/user.entity.js';
import { CaseSteps, expectCode, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

describe("the governors' summary: names checked, corrected after an appeal", () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok: Record<string, string> = {};
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday
  const panelId = randomUUID();

  const signInAll = async () => {
    for (const who of ['staff', 'head', 'dsl', 'chair', 'governor'])
      tok[who] = await t.login(`${who}@oak.example`);
    tok.hr = await t.login('hr@council.example');
    tok.panel = await t.login('panel@oak.example');
  };
  const pdf = async (token: string, path: string) =>
    pdfText(
      (
        await request(t.http)
          .get(path)
          .set(bearer(token))
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (x: Buffer) => chunks.push(x));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .expect(200)
      ).body as Buffer,
    );

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    // A governor who had no part in the case, to sit on the appeal panel.
    await t.app.get(TransactionRunner).run(async (em) => {
      const demo = await em.getRepository(User).findOneByOrFail({ email: 'governor@oak.example' });
      await em.getRepository(User).insert({
        ...demo,
        id: panelId,
        email: 'panel@oak.example',
        name: 'Quentin Blake',
      });
      await em.getRepository(Membership).insert({
        id: randomUUID(),
        userId: panelId,
        schoolId: ids.school.OAK,
        role: 'governor',
        createdAt: clock.now(),
      });
    });
    await signInAll();
  });
  afterAll(() => t.close());

  it('refuses a summary naming people the case knows until they are removed or confirmed, and corrects it after an appeal', async () => {
    const filed = (
      await fileReport(
        t,
        tok.staff,
        baseReport(ids.school.OAK, {
          subjectName: 'Sam Taylor',
          subjectUserId: ids.user('staff2@oak.example'),
          description:
            'A member of staff posted rude comments about the school; the pupil Jamie Fletcher was tagged in it.',
        }),
      ).expect(201)
    ).body as CaseBody;
    const id = filed.id as string;
    await steps.triage(tok.head, id, 'conduct_breach');
    await steps.hrAdvice(tok.head, tok.hr, id, 'A hearing is proportionate.');
    await steps.callHearing(tok.head, id, ids.user('dsl@oak.example'));
    clock.advanceDays(15);
    await signInAll();
    await steps.recordHearing(tok.dsl, id);

    const decision = {
      to: 'outcome',
      finding: 'substantiated',
      sanction: 'final_written_warning',
      rationale: 'The post named the school and breached SM-05.',
    };
    // The subject's typed name, the subject's account, a pupil typed in the report, and the
    // head (one of the school's people): each is found, and only the names are said back.
    const named = await steps.move(tok.dsl, id, {
      ...decision,
      governorSummary:
        'Sam Taylor (Mr Reed) posted about Jamie and Mrs Carter; a final warning was given.',
    });
    expectCode(named, 422, 'CASE_SUMMARY_NAMES_FOUND');
    expect([...(named.body.names as string[])].sort()).toEqual(
      ['Carter', 'Jamie', 'Reed', 'Sam Taylor'].sort(),
    );
    expect(named.body.message).not.toMatch(/posted about|final warning/);
    expect((await steps.get(tok.head, id)).status).toBe('hearing');

    // Confirmed: saved, and the confirmation is on the event.
    const kept = 'Mr Reed posted about the school; a final written warning was given.';
    await steps.moveOk(tok.dsl, id, { ...decision, governorSummary: kept, confirmNames: true });
    const decided = await steps.get(tok.head, id);
    expect(decided.governorSummary).toBe(kept);
    const outcomeEvent = (decided.timeline as CaseBody[]).find((e) => e.to === 'outcome');
    expect(outcomeEvent?.data).toMatchObject({ namesConfirmed: 'true' });

    // No correction before an appeal is decided.
    expectCode(
      await steps.move(tok.head, id, { to: 'outcome', governorSummary: 'Too soon.' }),
      409,
      'CASE_INVALID_TRANSITION',
    );

    await steps.sendOutcomeLetter(tok.head, id);
    await steps.lodgeAppeal(tok.head, id);
    await steps.appointPanel(tok.chair, id, [panelId]);
    await steps.moveOk(tok.panel, id, {
      to: 'outcome',
      appealResult: 'reduced',
      sanction: 'first_written_warning',
    });

    // The correction goes through the same check; only the owner makes it.
    const corrected =
      'A member of staff posted about the school; on appeal the warning became a first written warning.';
    expectCode(
      await steps.move(tok.head, id, { to: 'outcome', governorSummary: 'Sam Taylor appealed.' }),
      422,
      'CASE_SUMMARY_NAMES_FOUND',
    );
    expect(
      (await steps.move(tok.hr, id, { to: 'outcome', governorSummary: corrected })).status,
    ).toBe(403);
    const after = await steps.moveOk(tok.head, id, {
      to: 'outcome',
      governorSummary: corrected,
      note: 'The appeal reduced the sanction.',
    });
    expect(after).toMatchObject({ status: 'outcome', governorSummary: corrected });
    const correction = (after.timeline as CaseBody[]).at(-1)!;
    expect(correction).toMatchObject({ kind: 'transition', from: 'outcome', to: 'outcome' });
    expect(correction.data).toMatchObject({
      move: 'correct_governor_summary',
      supersededSummary: kept,
    });

    // Closed, it can still be corrected; the governors read only the latest text.
    await steps.moveOk(tok.head, id, { to: 'closed' });
    const last =
      'A member of staff posted about the school. The final written warning was reduced on appeal to a first written warning.';
    await steps.moveOk(tok.head, id, { to: 'closed', governorSummary: last });
    const governors = await pdf(
      tok.governor,
      `/api/v1/cases/${id}/case-file.pdf?variant=governors`,
    );
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    expect(flat(governors)).toContain('reduced on appeal to a first written warning');
    expect(flat(governors)).not.toContain('on appeal the warning became');
    expect(flat(governors)).not.toContain('Mr Reed');

    // The HR file prints the current summary and each one it replaced.
    const hr = flat(await pdf(tok.head, `/api/v1/cases/${id}/case-file.pdf?variant=hr`));
    expect(hr).toContain('reduced on appeal to a first written warning');
    expect(hr).toContain('Superseded summary for governors');
    expect(hr).toContain(kept);
    expect(hr).toContain('on appeal the warning became a first written warning');
    expect(hr).toContain('Summary for governors corrected');
  });
});
