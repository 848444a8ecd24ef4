import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { CaseEvent } from '../../src/cases/case-event.entity.js';
import { OverdueReminders } from '../../src/cases/overdue-reminders.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

type Tokens = Record<'staff' | 'head' | 'chair' | 'governor' | 'hr' | 'admin' | 'headElm', string>;

async function signInAll(t: TestApp): Promise<Tokens> {
  return {
    staff: await t.login('staff@oak.example'),
    head: await t.login('head@oak.example'),
    chair: await t.login('chair@oak.example'),
    governor: await t.login('governor@oak.example'),
    hr: await t.login('hr@council.example'),
    admin: await t.login('admin@oak.example'),
    headElm: await t.login('head@elm.example'),
  };
}

describe('the investigation workflow', () => {
  let t: TestApp;
  let ids: DemoIds;
  let tok: Tokens;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  const move = (token: string, id: string, body: Record<string, unknown>) =>
    request(t.http).post(`/api/v1/cases/${id}/transitions`).set(bearer(token)).send(body);
  const detail = async (token: string, id: string) =>
    (await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(token)).expect(200)).body;
  const newCase = async (overrides: Record<string, string | string[] | boolean> = {}) =>
    (await fileReport(t, tok.staff, baseReport(ids.school.OAK, overrides)).expect(201)).body as {
      id: string;
    };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    tok = await signInAll(t);
  });
  afterAll(() => t.close());

  it('walks reported -> investigating -> hr_advice -> outcome -> appeal -> panel appointed -> outcome (panel) -> closed', async () => {
    const { id } = await newCase({
      subjectName: 'Tom Reed',
      description: 'Tom Reed messaged pupil Jamie Doe on Instagram.',
    });
    let c = await detail(tok.head, id);
    expect(c.allowedTransitions).toEqual(['investigating', 'closed']);

    c = (
      await move(tok.head, id, {
        to: 'investigating',
        version: c.version,
        classification: 'conduct_breach',
        note: 'Starting',
      }).expect(200)
    ).body;
    expect(c).toMatchObject({
      status: 'investigating',
      classification: 'conduct_breach',
      version: 2,
    });

    await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(tok.hr)).expect(404); // not referred yet
    c = (
      await move(tok.head, id, {
        to: 'hr_advice',
        version: c.version,
        hrQuestion: 'Is a first written warning proportionate?',
      }).expect(200)
    ).body;
    expect(c.status).toBe('hr_advice');
    expect(c.allowedTransitions).toEqual(['investigating']); // outcome needs advice first

    const hrView = await detail(tok.hr, id);
    expect(hrView.description).toContain('Jamie Doe');
    expect(hrView.timeline.at(-1)).toMatchObject({
      kind: 'transition',
      to: 'hr_advice',
      note: 'Is a first written warning proportionate?',
    });
    await request(t.http)
      .post(`/api/v1/cases/${id}/hr-advice`)
      .set(bearer(tok.hr))
      .send({ advice: 'Yes, with a review in six months.' })
      .expect(201);
    expect(
      (
        await t.dataSource
          .getRepository(Notification)
          .find({ where: { caseId: id, kind: 'hr_advice_recorded' } })
      ).length,
    ).toBe(1);

    c = await detail(tok.head, id);
    expect(c.hrAdvice).toEqual([
      expect.objectContaining({
        advice: 'Yes, with a review in six months.',
        adviserId: ids.user('hr@council.example'),
      }),
    ]);
    expect(c.allowedTransitions).toEqual(['investigating', 'outcome']);
    c = (
      await move(tok.head, id, {
        to: 'outcome',
        version: c.version,
        finding: 'substantiated',
        sanction: 'first_written_warning',
        rationale: 'Messages to Jamie Doe breached SM-06.',
        governorSummary:
          'A member of staff contacted a pupil privately online; a warning was given.',
      }).expect(200)
    ).body;
    expect(c.outcome).toMatchObject({
      finding: 'substantiated',
      sanction: 'first_written_warning',
    });

    // Governors have the redacted summary (a PDF), never the case itself.
    await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(tok.governor)).expect(404);

    clock.advanceDays(2);
    tok = await signInAll(t);
    c = (
      await move(tok.head, id, {
        to: 'appeal',
        version: c.version,
        appealLodgedAt: clock.now().toISOString(),
      }).expect(200)
    ).body;
    expect(c.status).toBe('appeal');
    const appointerNotices = await t.dataSource
      .getRepository(Notification)
      .find({ where: { caseId: id, kind: 'appeal_lodged' } });
    expect(appointerNotices.map((n) => n.userId)).toEqual([ids.user('chair@oak.example')]);

    const refused = await move(tok.head, id, {
      to: 'outcome',
      version: c.version,
      appealResult: 'overturned',
    }).expect(403);
    expect(refused.body.code).toBe('CASE_FORBIDDEN_TRANSITION'); // the investigator may not hear the appeal
    // The chair appoints the panel from a view that shows the state, not the report.
    const appointerView = await detail(tok.chair, id);
    expect(appointerView).toMatchObject({ access: 'appointer', description: null, reporter: null });
    await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(tok.governor)).expect(404);
    c = (
      await request(t.http)
        .post(`/api/v1/cases/${id}/panel`)
        .set(bearer(tok.chair))
        .send({ memberIds: [ids.user('governor@oak.example')], version: c.version })
        .expect(200)
    ).body;
    const panelView = await detail(tok.governor, id);
    expect(panelView.access).toBe('panel');
    expect(panelView.description).toContain('Jamie Doe'); // the panel reads the whole case
    c = (
      await move(tok.governor, id, {
        to: 'outcome',
        version: panelView.version,
        appealResult: 'varied',
        sanction: 'management_advice',
      }).expect(200)
    ).body;
    expect(c.outcome).toMatchObject({ sanction: 'management_advice', appealResult: 'varied' });
    // The panel sat until the appeal was decided, and no longer.
    await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(tok.governor)).expect(404);

    c = await detail(tok.head, id);
    c = (
      await move(tok.head, id, {
        to: 'closed',
        version: c.version,
        note: 'Appeal heard; closing.',
      }).expect(200)
    ).body;
    expect(c.status).toBe('closed');
    expect(
      c.timeline
        .filter((e: { kind: string }) => e.kind === 'transition')
        .map((e: { to: string }) => e.to),
    ).toEqual(['investigating', 'hr_advice', 'outcome', 'appeal', 'outcome', 'closed']);
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .count({ where: { action: 'case.transition', targetId: id } });
    expect(audit).toBe(6);
    const chain = await request(t.http)
      .get('/api/v1/audit/verify')
      .set(bearer(tok.head))
      .expect(200);
    expect(chain.body.ok).toBe(true);
  });

  it('refuses each wrong step with the right status and code, and changes nothing', async () => {
    const { id } = await newCase();
    const c = await detail(tok.head, id);
    const before = {
      events: await t.dataSource.getRepository(CaseEvent).count({ where: { caseId: id } }),
      audit: await t.dataSource.getRepository(AuditEntry).count(),
    };
    const cases: [string, Record<string, unknown>, number, string][] = [
      [
        tok.head,
        {
          to: 'outcome',
          version: 1,
          finding: 'unfounded',
          sanction: 'none',
          rationale: 'x',
          governorSummary: 'x',
        },
        409,
        'CASE_INVALID_TRANSITION',
      ],
      [tok.head, { to: 'investigating', version: 1 }, 400, 'CASE_VALIDATION'],
      [
        tok.head,
        { to: 'investigating', version: 7, classification: 'conduct_breach' },
        409,
        'CASE_STALE_VERSION',
      ],
      [
        tok.chair,
        { to: 'investigating', version: 1, classification: 'conduct_breach' },
        404,
        'NOT_FOUND',
      ],
      [
        tok.headElm,
        { to: 'investigating', version: 1, classification: 'conduct_breach' },
        404,
        'NOT_FOUND',
      ],
      [
        tok.staff,
        { to: 'investigating', version: 1, classification: 'conduct_breach' },
        403,
        'ROLE_FORBIDDEN',
      ],
      [
        tok.admin,
        { to: 'investigating', version: 1, classification: 'conduct_breach' },
        403,
        'ROLE_FORBIDDEN',
      ],
      [
        tok.head,
        { to: 'investigating', version: 1, classification: 'gossip' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        tok.head,
        { to: 'investigating', version: 1, classification: 'conduct_breach', status: 'closed' },
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [token, body, status, code] of cases) {
      const res = await move(token, id, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    const after = await detail(tok.head, id);
    expect(after.version).toBe(c.version);
    expect(await t.dataSource.getRepository(CaseEvent).count({ where: { caseId: id } })).toBe(
      before.events,
    );
    expect(await t.dataSource.getRepository(AuditEntry).count()).toBe(before.audit);
  });

  it('keeps formal sanctions behind HR advice and a substantiated finding, and checks the appeal date', async () => {
    const { id } = await newCase();
    let c = (
      await move(tok.head, id, {
        to: 'investigating',
        version: 1,
        classification: 'conduct_breach',
      }).expect(200)
    ).body;
    const outcome = {
      to: 'outcome',
      finding: 'substantiated',
      rationale: 'r',
      governorSummary: 'g',
    };
    const formal = await move(tok.head, id, {
      ...outcome,
      version: c.version,
      sanction: 'dismissal',
    }).expect(400);
    expect(formal.body.code).toBe('CASE_VALIDATION');
    c = (
      await move(tok.head, id, { to: 'hr_advice', version: c.version, hrQuestion: 'q' }).expect(200)
    ).body;
    expect(
      (
        await move(tok.head, id, { ...outcome, version: c.version, sanction: 'dismissal' }).expect(
          409,
        )
      ).body.code,
    ).toBe('CASE_INVALID_TRANSITION');
    await request(t.http)
      .post(`/api/v1/cases/${id}/hr-advice`)
      .set(bearer(tok.hr))
      .send({ advice: 'a' })
      .expect(201);
    c = await detail(tok.head, id);
    await move(tok.head, id, {
      ...outcome,
      finding: 'unsubstantiated',
      version: c.version,
      sanction: 'final_written_warning',
    }).expect(400);
    c = (
      await move(tok.head, id, {
        ...outcome,
        version: c.version,
        sanction: 'final_written_warning',
      }).expect(200)
    ).body;
    await request(t.http)
      .post(`/api/v1/cases/${id}/hr-advice`)
      .set(bearer(tok.hr))
      .send({ advice: 'late' })
      .expect(409);
    const future = new Date(clock.now().getTime() + 86_400_000).toISOString();
    await move(tok.head, id, { to: 'appeal', version: c.version, appealLodgedAt: future }).expect(
      400,
    );
    const beforeDecision = new Date(clock.now().getTime() - 86_400_000).toISOString();
    await move(tok.head, id, {
      to: 'appeal',
      version: c.version,
      appealLodgedAt: beforeDecision,
    }).expect(400);
    await move(tok.head, id, { to: 'closed', version: c.version }).expect(409); // appeal window still open
    clock.advanceDays(12);
    tok = await signInAll(t);
    await move(tok.head, id, {
      to: 'appeal',
      version: c.version,
      appealLodgedAt: clock.now().toISOString(),
    }).expect(400);
    await move(tok.head, id, { to: 'closed', version: c.version }).expect(200);
  });

  it('lets exactly one of 20 identical transitions fired at once succeed', async () => {
    const { id } = await newCase();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        move(tok.head, id, {
          to: 'investigating',
          version: 1,
          classification: 'low_level_concern',
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.code === 'CASE_STALE_VERSION'),
    ).toBe(true);
    const c = await detail(tok.head, id);
    expect(c.version).toBe(2);
    expect(c.timeline.filter((e: { kind: string }) => e.kind === 'transition')).toHaveLength(1);
  });

  it('keeps notes and referrals as entries that only the right people add', async () => {
    const { id } = await newCase();
    await request(t.http)
      .post(`/api/v1/cases/${id}/notes`)
      .set(bearer(tok.head))
      .send({ body: 'Spoke to the reporter.' })
      .expect(201);
    await request(t.http)
      .post(`/api/v1/cases/${id}/notes`)
      .set(bearer(tok.head))
      .send({ body: 'Correction: spoke by phone.' })
      .expect(201);
    await request(t.http)
      .post(`/api/v1/cases/${id}/notes`)
      .set(bearer(tok.staff))
      .send({ body: 'x' })
      .expect(403);
    await request(t.http)
      .post(`/api/v1/cases/${id}/notes`)
      .set(bearer(tok.hr))
      .send({ body: 'x' })
      .expect(404);
    await request(t.http)
      .post(`/api/v1/cases/${id}/notes`)
      .set(bearer(tok.head))
      .send({ body: '' })
      .expect(400);
    const ref = await request(t.http)
      .post(`/api/v1/cases/${id}/referrals`)
      .set(bearer(tok.head))
      .send({ agency: 'platform', reference: 'FB-123', referredAt: clock.now().toISOString() })
      .expect(201);
    expect(ref.body.referrals).toEqual([
      expect.objectContaining({ agency: 'platform', reference: 'FB-123' }),
    ]);
    expect(
      ref.body.timeline
        .filter((e: { kind: string }) => e.kind === 'note')
        .map((e: { note: string }) => e.note),
    ).toEqual(['Spoke to the reporter.', 'Correction: spoke by phone.']);
    await request(t.http)
      .post(`/api/v1/cases/${id}/referrals`)
      .set(bearer(tok.head))
      .send({ agency: 'fbi', referredAt: clock.now().toISOString() })
      .expect(400);
  });
});

describe('clocks and overdue cases', () => {
  let t: TestApp;
  let ids: DemoIds;
  const clock = new FixedClock('2026-11-20T15:00:00.000Z'); // a Friday afternoon

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
  });
  afterAll(() => t.close());

  it('flags a safeguarding case with no LADO referral after one working day, reminds once, and stops on referral', async () => {
    const staff = await t.login('staff@oak.example');
    const safeguarding = (
      await fileReport(t, staff, baseReport(ids.school.OAK, { safeguarding: true })).expect(201)
    ).body;
    const ordinary = (await fileReport(t, staff, baseReport(ids.school.OAK)).expect(201)).body;
    let head = await t.login('head@oak.example');
    let c = (
      await request(t.http).get(`/api/v1/cases/${safeguarding.id}`).set(bearer(head)).expect(200)
    ).body;
    expect(c.dueAt).toBe('2026-11-23T23:59:59.999Z'); // Monday, end of day in London
    expect(c.overdue).toBe(false);
    // Triage the ordinary one in time; leave the safeguarding one untouched.
    await request(t.http)
      .post(`/api/v1/cases/${ordinary.id}/transitions`)
      .set(bearer(head))
      .send({ to: 'investigating', version: 1, classification: 'conduct_breach' })
      .expect(200);

    clock.set('2026-11-24T09:00:00.000Z'); // Tuesday morning
    head = await t.login('head@oak.example');
    const overdue = (
      await request(t.http).get('/api/v1/cases?overdue=true').set(bearer(head)).expect(200)
    ).body;
    expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([safeguarding.id]);
    expect(overdue.items[0].overdue).toBe(true);

    const reminders = t.app.get(OverdueReminders);
    expect(await reminders.runOnce()).toBe(2); // triage and LADO referral, each once
    expect(await reminders.runOnce()).toBe(0);
    const notices = await t.dataSource
      .getRepository(Notification)
      .find({ where: { caseId: safeguarding.id, kind: 'overdue_reminder' } });
    expect(notices.map((n) => n.userId)).toEqual([
      ids.user('head@oak.example'),
      ids.user('head@oak.example'),
    ]);

    c = (
      await request(t.http)
        .post(`/api/v1/cases/${safeguarding.id}/referrals`)
        .set(bearer(head))
        .send({ agency: 'lado', reference: 'LADO-77', referredAt: clock.now().toISOString() })
        .expect(201)
    ).body;
    c = (
      await request(t.http)
        .post(`/api/v1/cases/${safeguarding.id}/transitions`)
        .set(bearer(head))
        .send({ to: 'investigating', version: c.version, classification: 'harm_threshold' })
        .expect(200)
    ).body;
    expect(c.dueAt).toBeNull();
    expect(c.overdue).toBe(false);
  });
});
