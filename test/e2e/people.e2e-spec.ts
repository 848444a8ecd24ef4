import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { Membership } from '../../src/users/membership.entity.js';
import { User } from '../../src/users/user.entity.js';
import { baseReport, demoIds, fileReport, type DemoIds } from '../support/demo.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../support/test-app.js';

/** The link in the last mail to `to`. */
function linkIn(mails: { to: string[]; text: string }[], to: string): string {
  const mail = [...mails].reverse().find((m) => m.to.includes(to));
  if (!mail) throw new Error(`no mail to ${to}`);
  const match = /https:\/\/cases\.example\.org\/\S+/.exec(mail.text);
  if (!match) throw new Error('no link in the mail');
  return match[0];
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

describe('people, invitations and password reset', () => {
  let t: TestApp;
  let ids: DemoIds;
  let admin = '';
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  const flush = () => t.app.get(JobQueue).drained();
  const people = (path = '') => `/api/v1/schools/${ids.school.OAK}/people${path}`;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cases.example.org' },
    });
    ids = await demoIds(t);
    admin = await t.login('admin@oak.example');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('lists the school’s people for its admin only; another school’s admin gets 404', async () => {
    const list = await request(t.http).get(people()).set(bearer(admin)).expect(200);
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          email: 'head@oak.example',
          roles: ['headteacher'],
          active: true,
        }),
      ]),
    );
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|argon2/);
    const elmAdmin = await t.login('admin@elm.example');
    await request(t.http).get(people()).set(bearer(elmAdmin)).expect(404);
    const head = await t.login('head@oak.example');
    await request(t.http).get(people()).set(bearer(head)).expect(403);
  });

  it('adds a person, who gets an invitation link that works once', async () => {
    const added = await request(t.http)
      .post(people())
      .set(bearer(admin))
      .send({ email: 'New.Teacher@oak.example', name: 'Nia Jones', roles: ['staff'] })
      .expect(201);
    expect(added.body).toMatchObject({
      email: 'new.teacher@oak.example',
      roles: ['staff'],
      active: true,
      hasPassword: false,
    });
    await flush();
    const link = linkIn(smtp.mails, 'new.teacher@oak.example');
    expect(link).toMatch(/^https:\/\/cases\.example\.org\/invitation\?token=/);
    // No password yet: nothing signs in.
    await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'new.teacher@oak.example', password: '!' })
      .expect(401);
    const password = 'a long new password 2026';
    const short = await request(t.http)
      .post('/api/v1/auth/invitation/accept')
      .send({ token: tokenOf(link), password: 'short' })
      .expect(400);
    expect(short.body.code).toBe('AUTH_PASSWORD_TOO_SHORT');
    await request(t.http)
      .post('/api/v1/auth/invitation/accept')
      .send({ token: tokenOf(link), password })
      .expect(204);
    const again = await request(t.http)
      .post('/api/v1/auth/invitation/accept')
      .send({ token: tokenOf(link), password: 'another long password' })
      .expect(400);
    expect(again.body.code).toBe('AUTH_LINK_INVALID');
    await t.login('new.teacher@oak.example', password);
  });

  it('refuses a role the admin may not give, and a person already here', async () => {
    const hr = await request(t.http)
      .post(people())
      .set(bearer(admin))
      .send({ email: 'adviser@la.example', name: 'An Adviser', roles: ['hr'] })
      .expect(403);
    expect(hr.body.code).toBe('PEOPLE_ROLE_NOT_GRANTABLE');
    const twice = await request(t.http)
      .post(people())
      .set(bearer(admin))
      .send({ email: 'staff@oak.example', name: 'Priya', roles: ['staff'] })
      .expect(409);
    expect(twice.body.code).toBe('PEOPLE_ALREADY_HERE');
    expect(await t.dataSource.getRepository(User).countBy({ email: 'adviser@la.example' })).toBe(0);
  });

  it('changes roles, and refuses an admin removing their own admin role', async () => {
    const staff2 = ids.user('staff2@oak.example');
    const changed = await request(t.http)
      .put(people(`/${staff2}/roles`))
      .set(bearer(admin))
      .send({ roles: ['staff', 'governor'] })
      .expect(200);
    expect(changed.body.roles.sort()).toEqual(['governor', 'staff']);
    await request(t.http)
      .put(people(`/${staff2}/roles`))
      .set(bearer(admin))
      .send({ roles: ['staff'] })
      .expect(200);
    const self = await request(t.http)
      .put(people(`/${ids.user('admin@oak.example')}/roles`))
      .set(bearer(admin))
      .send({ roles: ['staff'] })
      .expect(409);
    expect(self.body.code).toBe('PEOPLE_OWN_ADMIN_ROLE');
  });

  it('deactivates a leaver: their sessions end at once, their report stays', async () => {
    const leaver = await t.login('staff2@oak.example');
    const report = await fileReport(t, leaver, {
      ...baseReport(ids.school.OAK),
      occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
    }).expect(201);
    await request(t.http)
      .post(people(`/${ids.user('staff2@oak.example')}/deactivate`))
      .set(bearer(admin))
      .expect(200)
      .expect((res) => expect(res.body.active).toBe(false));
    await request(t.http).get('/api/v1/auth/me').set(bearer(leaver)).expect(401);
    await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'staff2@oak.example', password: DEMO_PASSWORD })
      .expect(401);
    const head = await t.login('head@oak.example');
    const seen = await request(t.http)
      .get(`/api/v1/cases/${report.body.id as string}`)
      .set(bearer(head))
      .expect(200);
    expect(seen.body.reporter).toMatchObject({ id: ids.user('staff2@oak.example') });
    await request(t.http)
      .post(people(`/${ids.user('staff2@oak.example')}/reactivate`))
      .set(bearer(admin))
      .expect(200);
    await t.login('staff2@oak.example');
    const hrHere = await request(t.http)
      .post(people(`/${ids.user('hr@council.example')}/deactivate`))
      .set(bearer(admin))
      .expect(409);
    expect(hrHere.body.code).toBe('PEOPLE_ELSEWHERE');
  });

  it("hands a leaver's cases to whoever holds their role, and with nobody left, to the head", async () => {
    const staff = await t.login('staff@oak.example');
    const pupilCase = await fileReport(
      t,
      staff,
      baseReport(ids.school.OAK, { subjectRelationship: 'pupil', subjectName: 'A pupil' }),
    ).expect(201);
    const caseId = pupilCase.body.id as string;
    const head = await t.login('head@oak.example');
    await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(head)).expect(404);
    await request(t.http)
      .post(people(`/${ids.user('dsl@oak.example')}/deactivate`))
      .set(bearer(admin))
      .expect(200);
    // The school's only DSL has gone: the head owns the case now, and hears of what happens.
    const seen = await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(head)).expect(200);
    expect(seen.body.access).toBe('owner');
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/notes`)
      .set(bearer(head))
      .send({ body: 'Taken over while the school has no DSL.' })
      .expect(201);
    await request(t.http)
      .post(people(`/${ids.user('dsl@oak.example')}/reactivate`))
      .set(bearer(admin))
      .expect(200);
    // Back in post, the DSL owns it again and the head is out.
    await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(head)).expect(404);
  });

  it('answers a reset request the same whether or not the address exists; the link works once and ends sessions', async () => {
    const before = await t.login('governor@oak.example');
    const known = await request(t.http)
      .post('/api/v1/auth/password-reset')
      .send({ email: 'governor@oak.example' })
      .expect(202);
    const unknown = await request(t.http)
      .post('/api/v1/auth/password-reset')
      .send({ email: 'nobody@oak.example' })
      .expect(202);
    expect(unknown.body).toEqual(known.body);
    await flush();
    expect(smtp.mails.some((m) => m.to.includes('nobody@oak.example'))).toBe(false);
    const link = linkIn(smtp.mails, 'governor@oak.example');
    expect(link).toMatch(/\/password\/reset\?token=/);
    const password = 'governor chose this one';
    await request(t.http)
      .post('/api/v1/auth/password-reset/complete')
      .send({ token: tokenOf(link), password })
      .expect(204);
    await request(t.http).get('/api/v1/auth/me').set(bearer(before)).expect(401);
    await request(t.http)
      .post('/api/v1/auth/password-reset/complete')
      .send({ token: tokenOf(link), password: 'and then this one' })
      .expect(400);
    await t.login('governor@oak.example', password);
    await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'governor@oak.example', password: DEMO_PASSWORD })
      .expect(401);
  });

  it('lets a reset link lapse after an hour', async () => {
    await request(t.http).post('/api/v1/auth/password-reset').send({ email: 'chair@oak.example' });
    await flush();
    const link = linkIn(smtp.mails, 'chair@oak.example');
    await t.dataSource.query(
      `UPDATE auth_token SET "expiresAt" = '2000-01-01T00:00:00.000Z' WHERE purpose = 'password_reset' AND "usedAt" IS NULL`,
    );
    await request(t.http)
      .post('/api/v1/auth/password-reset/complete')
      .send({ token: tokenOf(link), password: 'too late for this one' })
      .expect(400);
  });

  it('audits every change to people without names or addresses', async () => {
    const entries = await t.dataSource.getRepository(AuditEntry).find();
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'people.added',
        'people.roles_changed',
        'people.deactivated',
        'people.reactivated',
        'auth.invitation_accepted',
        'auth.password_reset_requested',
        'auth.password_reset',
      ]),
    );
    const text = JSON.stringify(entries);
    expect(text).not.toContain('new.teacher@oak.example');
    expect(text).not.toContain('Nia Jones');
  });
});

describe('importing people from a MIS export', () => {
  let t: TestApp;
  let ids: DemoIds;
  let admin = '';
  const url = (dryRun: boolean) =>
    `/api/v1/schools/${ids.school.ELM}/people/import?dryRun=${dryRun}`;
  const send = (csv: string | Buffer, dryRun: boolean) =>
    request(t.http).post(url(dryRun)).set(bearer(admin)).set('Content-Type', 'text/csv').send(csv);
  const counts = async () => ({
    users: await t.dataSource.getRepository(User).count(),
    memberships: await t.dataSource.getRepository(Membership).count(),
  });

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'https://cases.example.org' } });
    ids = await demoIds(t);
    admin = await t.login('admin@elm.example');
  });
  afterAll(() => t.close());

  const good =
    '\uFEFFEmail,Name,Role\r\n' +
    '"teacher1@elm.example","Evans, Ceri",staff\r\n' +
    'teacher2@elm.example,Bethan Rees,Staff\r\n' +
    'staff@elm.example,Owen Price,governor\r\n' +
    'head@elm.example,David Okafor,headteacher\r\n';

  it('previews each row without writing anything', async () => {
    const before = await counts();
    const preview = await send(good, true).expect(200);
    expect(preview.body).toMatchObject({
      dryRun: true,
      rows: 4,
      create: 2,
      addRole: 1,
      unchanged: 1,
      rejected: 0,
    });
    expect(await counts()).toEqual(before);
  });

  it('imports in one go, and importing the same file again changes nothing', async () => {
    const before = await counts();
    const done = await send(good, false).expect(200);
    expect(done.body).toMatchObject({ dryRun: false, create: 2, addRole: 1, invited: 2 });
    expect(await counts()).toEqual({
      users: before.users + 2,
      memberships: before.memberships + 3,
    });
    const again = await send(good, false).expect(200);
    expect(again.body).toMatchObject({ create: 0, addRole: 0, unchanged: 4 });
    expect(await counts()).toEqual({
      users: before.users + 2,
      memberships: before.memberships + 3,
    });
  });

  it('refuses bad rows, each with its reasons, and writes nothing', async () => {
    const before = await counts();
    const bad = [
      'email,name,role',
      'fine@elm.example,Fine Person,staff',
      'formula@elm.example,"=HYPERLINK(""https://evil.example"",""click"")",staff',
      'dup@elm.example,First,staff',
      'dup@elm.example,Second,staff',
      'wizard@elm.example,Wiz,wizard',
      'adviser@elm.example,Adviser,hr',
    ].join('\n');
    const preview = await send(bad, true).expect(200);
    expect(preview.body.rejected).toBe(4);
    const refused = await send(bad, false).expect(400);
    expect(refused.body.code).toBe('PEOPLE_IMPORT_REJECTED');
    const byRow = Object.fromEntries(
      (refused.body.items as { row: number; reasons: string[] }[]).map((i) => [i.row, i.reasons]),
    );
    expect(byRow[3]).toEqual([expect.stringMatching(/formula/)]);
    expect(byRow[5]).toEqual(['the email address is also in row 4']);
    expect(byRow[6]).toEqual([expect.stringMatching(/"wizard"/)]);
    expect(byRow[7]).toEqual([expect.stringMatching(/hr cannot be given by import/)]);
    expect(await counts()).toEqual(before);
  });

  it('answers a 50 MB file with 413 and 100,000 rows with a clear refusal, writing nothing', async () => {
    const before = await counts();
    const huge = Buffer.alloc(50 * 1024 * 1024, 'a');
    const tooBig = await send(huge, false).expect(413);
    expect(tooBig.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    const rows = ['email,name,role'];
    for (let i = 0; i < 100_000; i++) rows.push(`p${i}@elm.example,P ${i},staff`);
    const many = await send(rows.join('\n'), false);
    expect([400, 413]).toContain(many.status);
    expect(many.body.message).toBeDefined();
    const fewerButMany = ['email,name,role'];
    for (let i = 0; i < 2_500; i++) fewerButMany.push(`q${i}@elm.example,Q ${i},staff`);
    const refused = await send(fewerButMany.join('\n'), false).expect(400);
    expect(JSON.stringify(refused.body.message)).toMatch(/at most 2000/);
    expect(await counts()).toEqual(before);
  });

  it('takes a multipart upload as well, and 404s for another school', async () => {
    await request(t.http)
      .post(url(true))
      .set(bearer(admin))
      .attach('file', Buffer.from(good), { filename: 'mis.csv', contentType: 'text/csv' })
      .expect(200);
    const oakAdmin = await t.login('admin@oak.example');
    await request(t.http)
      .post(url(true))
      .set(bearer(oakAdmin))
      .set('Content-Type', 'text/csv')
      .send(good)
      .expect(404);
  });
});
