import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Not } from 'typeorm';
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

  /** Audit entries of writes: reading the case is audited too (issue 15), and is not a change. */
  const writesAudited = () =>
    t.dataSource.getRepository(AuditEntry).count({ where: { action: Not('case.read') } });

  it('refuses each wrong step with the right status and code, and changes nothing', async () => {
    const { id } = await newCase();
    const c = await detail(tok.head, id);
    const before = {
      events: await t.dataSource.getRepository(CaseEvent).count({ where: { caseId: id } }),
      audit: await writesAudited(),
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
      // The reporter sees their own case, but moving it is not theirs to do.
      [
        tok.staff,
        { to: 'investigating', version: 1, classification: 'conduct_breach' },
        403,
        'CASE_FORBIDDEN_TRANSITION',
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
    expect(await writesAudited()).toBe(before.audit);
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
    // Triage and LADO consultation, each reminded once (the due-tomorrow notice went on Friday's
    // clock; this run is after both deadlines); the LADO lateness also goes to the chair.
    expect(await reminders.runOnce()).toBe(2);
    expect(await reminders.runOnce()).toBe(0);
    const notices = await t.dataSource
      .getRepository(Notification)
      .find({ where: { caseId: safeguarding.id, kind: 'overdue_reminder' } });
    expect(notices.map((n) => n.userId)).toEqual([
      ids.user('head@oak.example'),
      ids.user('head@oak.example'),
    ]);
    const escalated = await t.dataSource
      .getRepository(Notification)
      .find({ where: { kind: 'deadline_escalated' } });
    expect(escalated.map((n) => n.userId)).toEqual([ids.user('chair@oak.example')]);

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
    // The triage and LADO clocks stopped; the investigation's 20-working-day review runs now.
    expect(c.procedure.deadlines.map((d: { clock: string }) => d.clock)).toEqual([
      'investigation_review',
    ]);
    expect(c.overdue).toBe(false);
    // Both lapses stay on the case, met late.
    expect(c.procedure.missedDeadlines.map((m: { clock: string }) => m.clock).sort()).toEqual([
      'lado',
      'triage',
    ]);
    expect(c.procedure.missedDeadlines.every((m: { metAt: string | null }) => m.metAt)).toBe(true);
  });
});
