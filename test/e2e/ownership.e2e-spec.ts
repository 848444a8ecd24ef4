import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CaseEvent } from '../../src/cases/case-event.entity.js';
import { png } from '../support/sample-files.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { School } from '../../src/schools/school.entity.js';
import { SchoolsService } from '../../src/schools/schools.service.js';
import { MODEL_POLICY_CLAUSES } from '../../src/schools/model-policy.js';
import { Membership } from '../../src/users/membership.entity.js';
import { User } from '../../src/users/user.entity.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../support/test-app.js';
import { pdfText } from '../support/pdf-text.js';
import { CaseSteps } from '../support/case-steps.js';
import { FixedClock } from '../../src/common/clock/clock.js';

type Who = 'staff' | 'staff2' | 'head' | 'dsl' | 'chair' | 'governor' | 'admin' | 'hr' | 'headElm';
const EMAIL: Record<Who, string> = {
  staff: 'staff@oak.example',
  staff2: 'staff2@oak.example',
  head: 'head@oak.example',
  dsl: 'dsl@oak.example',
  chair: 'chair@oak.example',
  governor: 'governor@oak.example',
  admin: 'admin@oak.example',
  hr: 'hr@council.example',
  headElm: 'head@elm.example',
};

describe('ownership and confidentiality', () => {
  let t: TestApp;
  let ids: DemoIds;
  const tok = {} as Record<Who | 'governor2', string>;
  let governor2Id: string;
  let steps: CaseSteps;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  const get = (who: keyof typeof tok, path: string) =>
    request(t.http).get(path).set(bearer(tok[who]));
  const post = (who: keyof typeof tok, path: string, body: Record<string, unknown>) =>
    request(t.http).post(path).set(bearer(tok[who])).send(body);
  const detail = async (who: keyof typeof tok, id: string) =>
    (await get(who, `/api/v1/cases/${id}`).expect(200)).body;
  const move = (who: keyof typeof tok, id: string, body: Record<string, unknown>) =>
    post(who, `/api/v1/cases/${id}/transitions`, body);
  const eventsOf = (caseId: string) =>
    t.dataSource.getRepository(CaseEvent).count({ where: { caseId } });
  const file = async (who: Who, overrides: Record<string, string | boolean>, withShot = false) =>
    (
      await fileReport(
        t,
        tok[who],
        baseReport(ids.school.OAK, overrides),
        withShot ? [{ name: 'shot.png', bytes: png(40, 30) }] : [],
      ).expect(201)
    ).body as { id: string; reference: string };

  /**
   * Takes a case owned by `owner` through a disciplinary hearing (heard by the DSL) to a first
   * written warning, sends the outcome letter and lodges an appeal.
   */
  async function toAppeal(owner: Who, id: string) {
    await steps.triage(tok[owner], id, 'conduct_breach');
    await steps.hrAdvice(tok[owner], tok.hr, id, 'A first warning fits.');
    await steps.callHearing(tok[owner], id, ids.user(EMAIL.dsl));
    clock.advanceDays(15);
    await signInAll();
    await steps.recordHearing(tok.dsl, id);
    await steps.moveOk(tok.dsl, id, {
      to: 'outcome',
      finding: 'substantiated',
      sanction: 'first_written_warning',
      rationale: 'The post breached the policy.',
      governorSummary: 'A member of staff posted about the school; a warning was given.',
    });
    await steps.sendOutcomeLetter(tok[owner], id);
    return (await steps.lodgeAppeal(tok[owner], id)) as { version: number };
  }

  async function signInAll() {
    for (const [who, email] of Object.entries(EMAIL)) tok[who as Who] = await t.login(email);
    tok.governor2 = await t.login('governor2@oak.example');
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    steps = new CaseSteps(t, clock);
    ids = await demoIds(t);
    // A second governor, so a panel can be formed from someone who was not involved.
    governor2Id = randomUUID();
    await t.app.get(TransactionRunner).run(async (em) => {
      const demo = await em.getRepository(User).findOneByOrFail({ email: EMAIL.governor });
      await em.getRepository(User).insert({
        ...demo,
        id: governor2Id,
        email: 'governor2@oak.example',
        name: 'Second Governor',
      });
      await em.getRepository(Membership).insert({
        id: randomUUID(),
        userId: governor2Id,
        schoolId: ids.school.OAK,
        role: 'governor',
        createdAt: t.clock.now(),
      });
    });
    await signInAll();
  });
  afterAll(() => t.close());

  it('never gives the governors a case about the head, even under appeal (the old leak)', async () => {
    // The old path: head is the subject -> chair owns -> appeal lodged -> every governor saw the
    // confidential reporter, the description and the evidence, and kept them afterwards.
    const c = await file(
      'staff2',
      {
        aboutHeadteacher: 'yes',
        confidentialReporter: true,
        description: 'LEAK-CHECK the head posted pupil photos on her own Instagram.',
      },
      true,
    );
    expect(c.reference).toMatch(/^OAK-\d{4}-9\d{3}$/); // the chair's line
    await get('head', `/api/v1/cases/${c.id}`).expect(404);
    const owned = await detail('chair', c.id);
    const evidenceId = owned.evidence[0].id as string;
    let version = (await toAppeal('chair', c.id)).version;

    for (const who of ['governor', 'governor2', 'head'] as const) {
      await get(who, `/api/v1/cases/${c.id}`).expect(404);
      await get(who, `/api/v1/evidence/${evidenceId}/content`).expect((r) =>
        expect([403, 404]).toContain(r.status),
      );
      const list = await get(who, `/api/v1/cases?q=LEAK-CHECK`).expect(200);
      expect(list.body.items).toEqual([]);
    }
    // The governors' summary is theirs, and names nobody.
    const summary = await get('governor', `/api/v1/cases/${c.id}/case-file.pdf?variant=governors`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdfText(summary.body as Buffer)).not.toMatch(/Tom Reed|Nia|LEAK-CHECK/);

    // The chair owns the case, so the chair appoints but may not sit; a refusal writes nothing.
    const eventsBefore = await eventsOf(c.id);
    const conflict = await post('chair', `/api/v1/cases/${c.id}/panel`, {
      memberIds: [ids.user(EMAIL.chair)],
      version,
    }).expect(409);
    expect(conflict.body.code).toBe('CASE_PANEL_CONFLICT');
    for (const involved of [EMAIL.staff2, EMAIL.hr, EMAIL.dsl]) {
      const refused = await post('chair', `/api/v1/cases/${c.id}/panel`, {
        memberIds: [ids.user(involved)],
        version,
      }).expect(409);
      expect(['CASE_PANEL_CONFLICT', 'CASE_PANEL_INELIGIBLE']).toContain(refused.body.code);
    }
    expect(await eventsOf(c.id)).toBe(eventsBefore);
    const appointed = await post('chair', `/api/v1/cases/${c.id}/panel`, {
      memberIds: [ids.user(EMAIL.governor)],
      version,
    }).expect(200);
    version = appointed.body.version;

    // The sitting panel reads the case, but never the confidential reporter's name.
    const panel = await detail('governor', c.id);
    expect(panel).toMatchObject({ access: 'panel', reporter: null, confidentialReporter: true });
    expect(panel.description).toContain('LEAK-CHECK');
    const reporterId = ids.user(EMAIL.staff2);
    expect(JSON.stringify(panel)).not.toContain(reporterId);
    await get('governor', `/api/v1/evidence/${evidenceId}/content`).expect(200);
    await get('governor', `/api/v1/cases/${c.id}/case-file.pdf?variant=hr`).expect(404);
    await get('governor2', `/api/v1/cases/${c.id}`).expect(404);

    const decided = await move('governor', c.id, {
      to: 'outcome',
      version,
      appealResult: 'upheld',
    }).expect(200);
    expect(decided.body.outcome.appealResult).toBe('upheld');
    // Decided: the panel has no case any more.
    await get('governor', `/api/v1/cases/${c.id}`).expect(404);
    await get('governor', `/api/v1/evidence/${evidenceId}/content`).expect(404);
    // The owner and HR still know who reported it.
    expect((await detail('chair', c.id)).reporter.id).toBe(reporterId);
    expect((await detail('hr', c.id)).reporter.id).toBe(reporterId);
  });

  it('lets the head appoint the panel when the chair is the subject, and keeps the chair out', async () => {
    // A member of staff who also chairs the governors (a staff governor).
    const c = await file('staff', {
      subjectName: 'Martin Hughes',
      subjectRelationship: 'staff',
      subjectUserId: ids.user(EMAIL.chair),
    });
    expect((await detail('head', c.id)).ownerRole).toBe('headteacher');
    await get('chair', `/api/v1/cases/${c.id}`).expect(404);
    const { version } = await toAppeal('head', c.id);
    await get('chair', `/api/v1/cases/${c.id}`).expect(404);
    const waiting = await get('head', '/api/v1/cases').expect(200);
    expect(waiting.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
    const appointed = await post('head', `/api/v1/cases/${c.id}/panel`, {
      memberIds: [governor2Id],
      version,
    }).expect(200);
    expect(appointed.body.status).toBe('appeal');
    expect((await detail('governor2', c.id)).access).toBe('panel');
    const notices = await t.dataSource
      .getRepository(Notification)
      .find({ where: { caseId: c.id, kind: 'panel_appointed' } });
    expect(notices.map((n) => n.userId)).toEqual([governor2Id]);
  });

  it.each([
    ['deputy headteacher', 'no', 'headteacher'],
    ['the head of Year 6', 'no', 'headteacher'],
    ['Mrs Carter (our head)', 'yes', 'chair_of_governors'],
    ['Mrs H. Carter', 'yes', 'chair_of_governors'],
    ['Acting head', 'not_sure', 'chair_of_governors'],
  ] as const)('routes "%s" (answered %s) by the answer alone', async (name, about, owner) => {
    const c = await file('staff', { subjectName: name, aboutHeadteacher: about });
    const ownerWho = owner === 'headteacher' ? 'head' : 'chair';
    expect((await detail(ownerWho, c.id)).ownerRole).toBe(owner);
    await get(ownerWho === 'head' ? 'chair' : 'head', `/api/v1/cases/${c.id}`).expect(404);
  });

  it('sends a report about a pupil to the DSL, not the head', async () => {
    const c = await file('staff', { subjectName: 'A pupil', subjectRelationship: 'pupil' });
    expect(await detail('dsl', c.id)).toMatchObject({ ownerRole: 'dsl', access: 'owner' });
    await get('head', `/api/v1/cases/${c.id}`).expect(404);
    expect(c.reference).toMatch(/^OAK-\d{4}-7\d{3}$/);
  });

  it("leaves no gap in the head's references for a report about her", async () => {
    const first = await file('staff', {});
    await file('staff', { aboutHeadteacher: 'yes' });
    const second = await file('staff', {});
    const seq = (r: string) => Number(r.split('-')[2]);
    expect(seq(second.reference)).toBe(seq(first.reference) + 1);
  });

  it('hands a "not sure" report from the chair to the head with a reason, under a new reference', async () => {
    const c = await file('staff', { aboutHeadteacher: 'not_sure' });
    await get('head', `/api/v1/cases/${c.id}`).expect(404);
    const before = await detail('chair', c.id);
    const handed = await post('chair', `/api/v1/cases/${c.id}/handover`, {
      toUserId: ids.user(EMAIL.head),
      reason: 'The subject is a teaching assistant, not the head.',
      version: before.version,
    }).expect(200);
    expect(handed.body).toEqual({
      id: c.id,
      ownerUserId: ids.user(EMAIL.head),
      ownerRole: 'headteacher',
    });
    await get('chair', `/api/v1/cases/${c.id}`).expect(404);
    const now = await detail('head', c.id);
    expect(now).toMatchObject({ access: 'owner', ownerRole: 'headteacher' });
    expect(now.reference).toMatch(/^OAK-\d{4}-0\d{3}$/); // the head's line
    expect(now.reference).not.toBe(c.reference);
    expect(now.timeline.at(-1)).toMatchObject({
      kind: 'handover',
      note: 'The subject is a teaching assistant, not the head.',
    });
    const notice = await t.dataSource
      .getRepository(Notification)
      .findOneBy({ caseId: c.id, kind: 'case_handed_over' });
    expect(notice?.userId).toBe(ids.user(EMAIL.head));
  });

  it('hands a case on for a conflict; the old owner gets 404 at once', async () => {
    const c = await file('staff', {});
    const before = await detail('head', c.id);
    await post('head', `/api/v1/cases/${c.id}/handover`, {
      toUserId: ids.user(EMAIL.chair),
      reason: 'I am a close friend of the member of staff.',
      version: before.version,
    }).expect(200);
    await get('head', `/api/v1/cases/${c.id}`).expect(404);
    expect((await detail('chair', c.id)).ownerRole).toBe('chair_of_governors');
  });

  it.each([
    ['someone of another school', () => ids.user(EMAIL.headElm), 'CASE_HANDOVER_INELIGIBLE'],
    ['nobody at all', () => randomUUID(), 'CASE_HANDOVER_INELIGIBLE'],
    ['the subject', () => ids.user(EMAIL.staff2), 'CASE_HANDOVER_INELIGIBLE'],
    ['an admin', () => ids.user(EMAIL.admin), 'CASE_HANDOVER_INELIGIBLE'],
    ['the reporter', () => ids.user(EMAIL.staff), 'CASE_HANDOVER_INELIGIBLE'],
    ['an HR adviser', () => ids.user(EMAIL.hr), 'CASE_HANDOVER_INELIGIBLE'],
  ])('refuses a hand-over to %s and writes nothing', async (_who, target, code) => {
    const c = await file('staff', {
      subjectName: 'Tom Reed',
      subjectUserId: ids.user(EMAIL.staff2),
      confidentialReporter: true,
    });
    const before = await detail('head', c.id);
    const events = await eventsOf(c.id);
    const res = await post('head', `/api/v1/cases/${c.id}/handover`, {
      toUserId: target(),
      reason: 'Testing a refusal',
      version: before.version,
    }).expect(409);
    expect(res.body.code).toBe(code);
    expect(await eventsOf(c.id)).toBe(events);
    expect((await detail('head', c.id)).version).toBe(before.version);
  });

  it('refuses a hand-over of a case about the head to the head', async () => {
    const c = await file('staff', { aboutHeadteacher: 'yes' });
    const before = await detail('chair', c.id);
    const res = await post('chair', `/api/v1/cases/${c.id}/handover`, {
      toUserId: ids.user(EMAIL.head),
      reason: 'Trying to give it to the head',
      version: before.version,
    }).expect(409);
    expect(res.body.code).toBe('CASE_HANDOVER_INELIGIBLE');
    await get('head', `/api/v1/cases/${c.id}`).expect(404);
  });

  it('refuses a hand-over without a reason, or on a stale version, and only by the owner', async () => {
    const c = await file('staff', {});
    const before = await detail('head', c.id);
    const body = { toUserId: ids.user(EMAIL.chair), version: before.version };
    await post('head', `/api/v1/cases/${c.id}/handover`, body).expect(400);
    await post('head', `/api/v1/cases/${c.id}/handover`, {
      ...body,
      reason: 'conflict',
      version: before.version + 1,
    }).expect(409);
    await post('chair', `/api/v1/cases/${c.id}/handover`, { ...body, reason: 'mine now' }).expect(
      404,
    );
    expect(await eventsOf(c.id)).toBe(1);
  });

  it('gives a school with no head account to the chair, and with neither keeps it for the admin', async () => {
    const schools = t.app.get(SchoolsService);
    const make = async (code: string, roles: ('chair_of_governors' | 'admin' | 'staff')[]) => {
      const people: Record<string, string> = {};
      await t.app.get(TransactionRunner).run(async (em) => {
        const school = await schools.create(em, code, `${code} School`);
        await schools.publishPolicy(em, school.id, MODEL_POLICY_CLAUSES, null);
        const demo = await em.getRepository(User).findOneByOrFail({ email: EMAIL.staff });
        for (const role of roles) {
          const id = randomUUID();
          await em.getRepository(User).insert({
            ...demo,
            id,
            email: `${role}@${code.toLowerCase()}.example`,
            name: `${code} ${role}`,
          });
          await em.getRepository(Membership).insert({
            id: randomUUID(),
            userId: id,
            schoolId: school.id,
            role,
            createdAt: t.clock.now(),
          });
          people[role] = id;
        }
      });
      const school = await t.dataSource.getRepository(School).findOneByOrFail({ code });
      return { school, people };
    };
    const noHead = await make('NOHEAD', ['chair_of_governors', 'staff']);
    const staffTok = await t.login('staff@nohead.example', DEMO_PASSWORD);
    const filed = (await fileReport(t, staffTok, baseReport(noHead.school.id)).expect(201)).body;
    const chairTok = await t.login('chair_of_governors@nohead.example', DEMO_PASSWORD);
    const seen = await request(t.http)
      .get(`/api/v1/cases/${filed.id}`)
      .set(bearer(chairTok))
      .expect(200);
    expect(seen.body.ownerRole).toBe('chair_of_governors');

    const nobody = await make('NOONE', ['admin', 'staff']);
    const staff2Tok = await t.login('staff@noone.example', DEMO_PASSWORD);
    const kept = (await fileReport(t, staff2Tok, baseReport(nobody.school.id)).expect(201)).body;
    expect(kept.reference).toMatch(/^NOONE-/);
    const warned = await t.dataSource
      .getRepository(Notification)
      .find({ where: { schoolId: nobody.school.id, kind: 'no_owner_warning' } });
    expect(warned.map((n) => n.userId)).toEqual([nobody.people.admin]);
  });
});
