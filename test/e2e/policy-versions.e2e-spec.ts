import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Document, Packer, Paragraph } from 'docx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { PolicyReviewReminders } from '../../src/cases/policy-review-reminders.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { SchoolsService } from '../../src/schools/schools.service.js';
import { SEEDS, seedText } from '../../src/schools/policy-import/seed-policies.fixtures.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

/** DOMAIN.md §10: versions approved and reviewed, codes that stay, an import, reminders. */
describe("the school's own policy: versions, import and review reminders", () => {
  let t: TestApp;
  let ids: DemoIds;
  let admin: string;
  let staff: string;
  const clock = new FixedClock('2026-12-02T10:00:00.000Z'); // a Wednesday
  const approval = {
    approvedBy: 'Full governing body',
    approvedOn: '2026-11-25',
    reviewDue: '2027-11-25',
  };
  const versions = () => `/api/v1/schools/${ids.school.OAK}/policy/versions`;
  const policy = async () =>
    (
      await request(t.http)
        .get(`/api/v1/schools/${ids.school.OAK}/policy`)
        .set(bearer(staff))
        .expect(200)
    ).body as {
      version: number;
      clauses: { code: string; title: string }[];
      approval: typeof approval | null;
    };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    admin = await t.login('admin@oak.example');
    staff = await t.login('staff@oak.example');
  });
  afterAll(() => t.close());

  it('starts from the model catalogue, which nobody at the school has approved', async () => {
    const p = await policy();
    expect(p.version).toBe(1);
    expect(p.approval).toBeNull();
  });

  it('refuses a version without its approval, or with a review date not after it', async () => {
    const clauses = [{ code: 'SM-01', title: 'First clause' }];
    const missing = await request(t.http)
      .post(versions())
      .set(bearer(admin))
      .send({ clauses })
      .expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    const backwards = await request(t.http)
      .post(versions())
      .set(bearer(admin))
      .send({ ...approval, reviewDue: '2026-11-01', clauses })
      .expect(400);
    expect(backwards.body.code).toBe('POLICY_INVALID');
    expect(String(backwards.body.message)).toMatch(/reviewDue must be after the approval date/);
    const future = await request(t.http)
      .post(versions())
      .set(bearer(admin))
      .send({ ...approval, approvedOn: '2026-12-03', clauses })
      .expect(400);
    expect(String(future.body.message)).toMatch(/cannot be in the future/);
    expect((await policy()).version).toBe(1);
  });

  it("is the school's admin's alone: another school's admin gets 404, staff 403", async () => {
    const body = { ...approval, clauses: [{ code: 'SM-01', title: 'First clause' }] };
    const elmAdmin = await t.login('admin@elm.example');
    await request(t.http).post(versions()).set(bearer(elmAdmin)).send(body).expect(404);
    await request(t.http).post(versions()).set(bearer(staff)).send(body).expect(403);
    await request(t.http)
      .post(`/api/v1/schools/${ids.school.OAK}/policy/proposals`)
      .set(bearer(elmAdmin))
      .send({ text: seedText(SEEDS.robyPark) })
      .expect(404);
  });

  it('keeps codes stable: reworded keeps its code, retired is never reused, new gets the next free one', async () => {
    // From the model catalogue (SM-01 to SM-15): keep SM-01, reword SM-02, retire the rest.
    const next = await request(t.http)
      .post(versions())
      .set(bearer(admin))
      .send({
        ...approval,
        clauses: [
          { code: 'SM-01', title: 'Clause number 1' },
          { code: 'SM-02', title: 'Clause number 2, reworded' },
          { title: 'A clause new in this version' },
        ],
      })
      .expect(201);
    // SM-01..SM-15 were all used by version 1, so the new clause is SM-16, not SM-03.
    expect(next.body.version).toBe(2);
    expect(next.body.clauses).toEqual([
      { code: 'SM-01', title: 'Clause number 1' },
      { code: 'SM-02', title: 'Clause number 2, reworded' },
      { code: 'SM-16', title: 'A clause new in this version' },
    ]);
    const reuse = await request(t.http)
      .post(versions())
      .set(bearer(admin))
      .send({ ...approval, clauses: [{ code: 'SM-03', title: 'Something else entirely' }] })
      .expect(400);
    expect(String(reuse.body.message)).toMatch(/SM-03 belongs to a retired clause/);
  });

  it('imports a seed policy as a proposal (nothing written), then publishes it approved; an old case keeps its version', async () => {
    const head = await t.login('head@oak.example');
    const caseOf = async (id: string) =>
      (await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(head)).expect(200)).body;
    const before = (
      await fileReport(t, staff, baseReport(ids.school.OAK, { clauseCodes: ['SM-02'] })).expect(201)
    ).body;
    const pinned = (await policy()).version;
    expect((await caseOf(before.id)).policyVersion).toBe(pinned);

    const proposal = (
      await request(t.http)
        .post(`/api/v1/schools/${ids.school.OAK}/policy/proposals`)
        .set(bearer(admin))
        .send({ text: seedText(SEEDS.robyPark) })
        .expect(200)
    ).body as { clauses: { code: string; title: string; text: string }[] };
    expect(proposal.clauses.length).toBeGreaterThan(5);
    expect((await policy()).version).toBe(pinned); // a proposal is not a version

    // The admin drops the first proposed clause and edits the second's title.
    const [, second, ...rest] = proposal.clauses;
    const chosen = [{ ...second, title: 'Edited by the admin' }, ...rest].map(
      ({ code, title, text }) => ({ code, title, text }),
    );
    const published = await request(t.http)
      .post(versions())
      .set(bearer(admin))
      .send({ ...approval, clauses: chosen })
      .expect(201);
    expect(published.body.version).toBe(pinned + 1);
    expect(published.body.approval).toEqual(approval);

    const now = await policy();
    expect(now.version).toBe(pinned + 1);
    expect(now.approval).toEqual(approval);
    expect(now.clauses.map((c) => c.code)).toEqual(chosen.map((c) => c.code));
    expect(now.clauses[0].title).toBe('Edited by the admin');

    const old = await caseOf(before.id);
    expect(old.policyVersion).toBe(pinned);
    expect(old.clauseCodes).toEqual(['SM-02']);
    const after = (
      await fileReport(
        t,
        staff,
        baseReport(ids.school.OAK, { clauseCodes: [chosen[0].code] }),
      ).expect(201)
    ).body;
    expect((await caseOf(after.id)).policyVersion).toBe(pinned + 1);

    // Reworded later from a list of codes and titles only, a clause keeps the school's words.
    const schools = t.app.get(SchoolsService);
    const words = (await schools.currentPolicy(ids.school.OAK))!.clauses[1].text;
    expect(words).toBe(chosen[1].text);
    await request(t.http)
      .post(versions())
      .set(bearer(admin))
      .send({
        ...approval,
        clauses: chosen.map(({ code, title }, i) => ({
          code,
          title: i === 1 ? 'Reworded title' : title,
        })),
      })
      .expect(201);
    const reworded = (await schools.currentPolicy(ids.school.OAK))!.clauses[1];
    expect(reworded).toEqual({ code: chosen[1].code, title: 'Reworded title', text: words });
  });

  it('proposes clauses for each of the five seed policies over the API', async () => {
    for (const file of Object.values(SEEDS)) {
      const res = await request(t.http)
        .post(`/api/v1/schools/${ids.school.OAK}/policy/proposals`)
        .set(bearer(admin))
        .send({ text: seedText(file) })
        .expect(200);
      expect(res.body.clauses.length).toBeGreaterThan(3);
      for (const c of res.body.clauses as { code: string; title: string }[]) {
        expect(c.code).toMatch(/^[A-Z0-9][A-Z0-9.-]{0,15}$/); // publishable as it stands
        expect(c.title.length).toBeLessThanOrEqual(300);
      }
    }
  });

  it('proposes clauses from an uploaded .docx or .txt on the admin page, and refuses other files', async () => {
    const text = seedText(SEEDS.stMarys);
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: text
              .split('\n')
              .filter((line) => line.trim() !== '')
              .map((line) => new Paragraph({ text: line })),
          },
        ],
      }),
    );
    const upload = (bytes: Buffer, filename: string) =>
      request(t.http)
        .post(`/admin/schools/${ids.school.OAK}/policy/import`)
        .set(bearer(admin))
        .attach('file', bytes, { filename });
    const fromText = (
      await request(t.http)
        .post(`/api/v1/schools/${ids.school.OAK}/policy/proposals`)
        .set(bearer(admin))
        .send({ text })
        .expect(200)
    ).body.clauses as { title: string }[];
    const rowsOf = (html: string) => (html.match(/name="title"/g) ?? []).length;

    const fromDocx = await upload(docx, 'policy.docx').expect(200);
    expect(fromDocx.text).toContain('Check the proposed clauses');
    expect(rowsOf(fromDocx.text)).toBe(fromText.length);
    const fromTxt = await upload(Buffer.from(text), 'policy.txt').expect(200);
    expect(rowsOf(fromTxt.text)).toBe(fromText.length);

    const pdf = await upload(Buffer.from('%PDF-1.7\n\u0000\u0001binary'), 'policy.pdf').expect(400);
    expect(pdf.text).toContain('neither a Word document');
    expect((await policy()).version).toBeGreaterThan(1); // unchanged by any of this
  });

  it('reminds the admin and the head once, 20 working days before the review date and once when it passes', async () => {
    await request(t.http)
      .post(versions())
      .set(bearer(admin))
      .send({
        ...approval,
        reviewDue: '2027-02-26', // a Friday
        clauses: [{ title: 'The one clause of this version' }],
      })
      .expect(201);
    const reminders = t.app.get(PolicyReviewReminders);
    const notices = (kind: string) =>
      t.dataSource
        .getRepository(Notification)
        .find({ where: { kind: kind as Notification['kind'] } })
        .then((rows) => rows.map((n) => n.userId).sort());
    const adminAndHead = [ids.user('admin@oak.example'), ids.user('head@oak.example')].sort();

    expect(await reminders.runOnce()).toBe(0); // months away
    // Monday 25 January 2027 is 24 working days before Friday 26 February: not yet.
    clock.set('2027-01-25T09:00:00.000Z');
    expect(await reminders.runOnce()).toBe(0);
    // Monday 1 February: 19 working days to go.
    clock.set('2027-02-01T09:00:00.000Z');
    expect(await reminders.runOnce()).toBe(1);
    expect(await reminders.runOnce()).toBe(0);
    expect(await notices('policy_review_approaching')).toEqual(adminAndHead);
    expect(await notices('policy_review_overdue')).toEqual([]);

    clock.set('2027-02-26T23:30:00.000Z'); // still the review day in London: not passed yet
    expect(await reminders.runOnce()).toBe(0);
    clock.set('2027-02-27T00:30:00.000Z');
    expect(await reminders.runOnce()).toBe(1);
    expect(await reminders.runOnce()).toBe(0);
    expect(await notices('policy_review_overdue')).toEqual(adminAndHead);

    // The mail says which review and when, in fixed words, to each of them.
    await t.app.get(JobQueue).drained();
    const mbox = readFileSync(join(t.config.dataDir, 'outbox.mbox'), 'utf8');
    for (const to of ['admin@oak.example', 'head@oak.example']) {
      const mails = mbox
        .split(/^(?=From )/m)
        .filter((m) => m.includes(`To: ${to}`) && /policy/i.test(m));
      expect(mails.map((m) => /^Subject: (.*)$/m.exec(m)?.[1])).toEqual([
        "The school's social-media policy is due for review",
        "The school's social-media policy has passed its review date",
      ]);
      expect(mails[1]).toMatch(/Deadline: review of policy version \d+, due by/);
    }
  });
});
