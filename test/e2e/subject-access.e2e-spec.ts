/**
 * Subject access requests (issue 15 item 5, DOMAIN.md §6 and §8) through the API, with an
 * injected clock: the register and its due date, extensions, reminders, the export drafted for
 * review (redactions in the PDF and the JSON, free text flagged), its release, and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { SubjectAccessReminders } from '../../src/records/subject-access-reminders.js';
import { SubjectAccessReminder } from '../../src/records/subject-access.entities.js';
import { expectCode, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { png } from '../support/sample-files.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const PEOPLE = ['staff', 'staff2', 'head', 'chair', 'admin', 'adminElm', 'headElm'] as const;
type Who = (typeof PEOPLE)[number];
const EMAIL: Record<Who, string> = {
  staff: 'staff@oak.example', // Priya Shah
  staff2: 'staff2@oak.example', // Tom Reed
  head: 'head@oak.example', // Helen Carter
  chair: 'chair@oak.example', // Martin Hughes
  admin: 'admin@oak.example', // Gary Fox
  adminElm: 'admin@elm.example',
  headElm: 'head@elm.example',
};
const SARS = '/api/v1/subject-access-requests';

describe('subject access requests', () => {
  let t: TestApp;
  let ids: DemoIds;
  const tok = {} as Record<Who, string>;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  const signInAll = async () => {
    for (const who of PEOPLE) tok[who] = await t.login(EMAIL[who]);
  };
  const post = (who: Who, path: string, body: object = {}) =>
    request(t.http).post(path).set(bearer(tok[who])).send(body);
  const get = (who: Who, path: string) => request(t.http).get(path).set(bearer(tok[who]));
  const bytes = async (who: Who, path: string) =>
    (
      await get(who, path)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (x: Buffer) => chunks.push(x));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200)
    ).body as Buffer;
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const register = async (who: Who, body: Record<string, unknown>) =>
    (
      await post(who, SARS, {
        schoolId: ids.school.OAK,
        requesterName: 'A solicitor for the person',
        receivedOn: '2026-11-16',
        ...body,
      }).expect(201)
    ).body as CaseBody;
  const file = async (who: Who, over: Record<string, string | boolean | string[]> = {}) =>
    (await fileReport(t, tok[who], baseReport(ids.school.OAK, over)).expect(201)).body as CaseBody;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    await signInAll();
  });
  afterAll(() => t.close());

  describe('the register', () => {
    it('records a request with its due date, the same date next month, as an event and an audit entry', async () => {
      const sar = await register('admin', {
        personUserId: ids.user(EMAIL.staff2),
        requesterContact: 'post: 1 High Street',
      });
      expect(sar).toMatchObject({
        personName: 'Tom Reed',
        reviewerRole: 'headteacher',
        receivedOn: '2026-11-16',
        originalDueOn: '2026-12-16',
        dueOn: '2026-12-16',
        extensionMonths: 0,
        answeredOn: null,
        overdue: false,
        latestExport: null,
        events: [{ kind: 'received', onDate: '2026-12-16', actorId: ids.user(EMAIL.admin) }],
      });
      const [entry] = await t.dataSource
        .getRepository(AuditEntry)
        .findBy({ targetId: sar.id as string, action: 'subject_access.received' });
      expect(JSON.parse(entry.detail)).toEqual({ onDate: '2026-12-16' });
      const listed = await get('head', `${SARS}?schoolId=${ids.school.OAK}`).expect(200);
      expect(listed.body.map((r: CaseBody) => r.id)).toContain(sar.id);
    });

    it('moves a due date that does not exist or is not a working day', async () => {
      // 31 August: September has no 31st, so its last day (a Wednesday).
      const monthEnd = await register('admin', {
        personName: 'Month End',
        receivedOn: '2026-08-31',
      });
      expect(monthEnd.dueOn).toBe('2026-09-30');
      // 25 May 2026 is the spring bank holiday: the Tuesday after.
      const holiday = await register('admin', {
        personName: 'Bank Holiday',
        receivedOn: '2026-04-25',
      });
      expect(holiday.dueOn).toBe('2026-05-26');
      // 3 April 2026 is Good Friday, then a weekend and Easter Monday.
      const easter = await register('head', {
        personName: 'Easter Time',
        receivedOn: '2026-03-03',
      });
      expect(easter.dueOn).toBe('2026-04-07');
      expectCode(
        await post('admin', SARS, {
          schoolId: ids.school.OAK,
          requesterName: 'x',
          personName: 'Someone Else',
          receivedOn: '2026-11-17',
        }),
        400,
        'SAR_RECEIVED_IN_FUTURE',
      );
      expectCode(
        await post('admin', SARS, {
          schoolId: ids.school.OAK,
          requesterName: 'x',
          receivedOn: '2026-11-01',
        }),
        400,
        'SAR_PERSON_REQUIRED',
      );
      expect(
        (
          await post('admin', SARS, {
            schoolId: ids.school.OAK,
            requesterName: 'x',
            personName: 'Someone',
            receivedOn: '2026-02-30',
          })
        ).status,
      ).toBe(400);
    });

    it('is extended by two months at most, with a reason, each extension an event', async () => {
      const sar = await register('admin', { personName: 'Extended Person' });
      expect(
        (await post('admin', `${SARS}/${sar.id}/extend`, { months: 1, reason: 'x' })).status,
      ).toBe(400);
      const once = (
        await post('admin', `${SARS}/${sar.id}/extend`, {
          months: 1,
          reason: 'Complex: records in several places',
        }).expect(200)
      ).body as CaseBody;
      // 16 January 2027 is a Saturday.
      expect(once).toMatchObject({
        originalDueOn: '2026-12-16',
        dueOn: '2027-01-18',
        extensionMonths: 1,
      });
      const twice = (
        await post('head', `${SARS}/${sar.id}/extend`, {
          months: 1,
          reason: 'Still gathering',
        }).expect(200)
      ).body as CaseBody;
      expect(twice).toMatchObject({ dueOn: '2027-02-16', extensionMonths: 2 });
      expect(twice.events.map((e: CaseBody) => [e.kind, e.onDate, e.months, e.reason])).toEqual([
        ['received', '2026-12-16', null, null],
        ['extended', '2027-01-18', 1, 'Complex: records in several places'],
        ['extended', '2027-02-16', 1, 'Still gathering'],
      ]);
      expectCode(
        await post('admin', `${SARS}/${sar.id}/extend`, { months: 1, reason: 'One more' }),
        409,
        'SAR_EXTENSION_TOO_LONG',
      );
      const audited = await t.dataSource
        .getRepository(AuditEntry)
        .findBy({ targetId: sar.id as string, action: 'subject_access.extended' });
      expect(audited.map((a) => JSON.parse(a.detail))).toEqual([
        { onDate: '2027-01-18', months: 1 },
        { onDate: '2027-02-16', months: 1 },
      ]);
    });

    it("answers 404 for another school's person, and to another school's staff", async () => {
      expectCode(
        await post('admin', SARS, {
          schoolId: ids.school.OAK,
          requesterName: 'x',
          personUserId: ids.user('staff@elm.example'),
          receivedOn: '2026-11-16',
        }),
        404,
        'NOT_FOUND',
      );
      const sar = await register('admin', { personUserId: ids.user(EMAIL.staff) });
      await get('headElm', `${SARS}/${sar.id}`).expect(404);
      await get('adminElm', `${SARS}/${sar.id}`).expect(404);
      await get('adminElm', `${SARS}?schoolId=${ids.school.OAK}`).expect(404);
      await post('headElm', `${SARS}/${sar.id}/export`).expect(404);
      await post('adminElm', SARS, {
        schoolId: ids.school.OAK,
        requesterName: 'x',
        personName: 'Someone',
        receivedOn: '2026-11-16',
      }).expect(404);
      // Staff keep no register.
      await get('staff', `${SARS}/${sar.id}`).expect(403);
    });
  });

  describe('the export', () => {
    it('names the subject’s own cases, redacts a confidential reporter, flags free text, and is released once, audited', async () => {
      const tom = ids.user(EMAIL.staff2);
      const about = await fileReport(
        t,
        tok.staff,
        baseReport(ids.school.OAK, {
          subjectUserId: tom,
          subjectName: 'Tom Reed',
          confidentialReporter: true,
          description: 'He posted about a parent. Joanne Walsh saw it too. SAR-DESCRIPTION',
        }),
        [{ name: 'shot.png', bytes: png(9, 7) }],
      ).expect(201);
      const own = await file('staff2', {
        subjectName: 'Sam Jones',
        description: 'Rude comments about the school were posted online. SAR-OWN-REPORT',
      });
      const unrelated = await file('staff', { subjectName: 'Someone Unrelated' });
      const sar = await register('admin', { personUserId: tom });

      // The admin keeps the register but never sees the export: it is case content.
      await post('admin', `${SARS}/${sar.id}/export`).expect(403);
      await get('admin', `${SARS}/${sar.id}/export.pdf`).expect(403);
      expectCode(await get('head', `${SARS}/${sar.id}/export.json`), 409, 'SAR_NO_DRAFT');

      const first = (await post('head', `${SARS}/${sar.id}/export`).expect(201)).body as CaseBody;
      const draft = (await post('head', `${SARS}/${sar.id}/export`).expect(201)).body as CaseBody;
      expect(draft).toMatchObject({ caseCount: 2, flagCount: draft.review.length });
      const description = draft.review.find(
        (f: CaseBody) => f.caseReference === about.body.reference && f.field === 'description',
      );
      expect(description.detectedNames).toContain('Joanne Walsh');
      expect(description.detectedNames).not.toContain('Tom Reed');

      const pdf = await bytes('head', `${SARS}/${sar.id}/export.pdf`);
      expect(sha(pdf)).toBe(draft.pdfSha256);
      const text = pdfText(pdf);
      expect(text).toContain('Subject access export');
      expect(text).toContain(about.body.reference);
      expect(text).toContain(own.reference);
      expect(text).not.toContain(unrelated.reference);
      expect(text).toContain('Tom Reed');
      expect(text).toContain('[redacted: confidential reporter]');
      expect(text).toContain('[redacted: another person]');
      // The timeline in words, as the HR file says it, never as the event codes.
      expect(text).toContain('Report received');
      expect(text).not.toMatch(
        /\b(evidence_added|reported \(reported\)|transition \(|policy_breach|[a-z]+_[a-z_]+)\b/,
      );
      expect(text).not.toContain('Priya Shah');
      expect(text).not.toContain('Sam Jones');

      const jsonBytes = await bytes('head', `${SARS}/${sar.id}/export.json`);
      expect(sha(jsonBytes)).toBe(draft.jsonSha256);
      const raw = jsonBytes.toString('utf8');
      expect(raw).not.toContain('Priya Shah');
      expect(raw).not.toContain('Sam Jones');
      expect(raw).not.toContain(ids.user(EMAIL.staff));
      const json = JSON.parse(raw);
      expect(json.person).toEqual({ userId: tom, name: 'Tom Reed' });
      const byRef = new Map(json.cases.map((c: CaseBody) => [c.reference, c]));
      expect(byRef.get(about.body.reference)).toMatchObject({
        roles: ['subject'],
        subject: { name: 'Tom Reed', relationship: 'staff' },
        reporter: '[redacted: confidential reporter]',
        description: { text: expect.stringContaining('SAR-DESCRIPTION'), freeText: true },
        evidence: [
          {
            sha256: sha(png(9, 7)),
            mimeType: 'image/png',
            addedBy: '[redacted: a member of staff]',
          },
        ],
      });
      expect(byRef.get(own.reference)).toMatchObject({
        roles: ['reporter'],
        subject: { name: '[redacted: another person]' },
        reporter: 'Tom Reed',
      });
      // Reading the export is audited like a case-file download.
      const reads = await t.dataSource
        .getRepository(AuditEntry)
        .findBy({ targetId: sar.id as string, action: 'subject_access.export_downloaded' });
      expect(reads.map((r) => JSON.parse(r.detail).format).sort()).toEqual(['json', 'pdf']);
      // A printed copy is proven genuine by its hash.
      const verdict = await get(
        'head',
        `/api/v1/documents/verify?sha256=${draft.pdfSha256}`,
      ).expect(200);
      expect(verdict.body).toMatchObject({
        genuine: true,
        variant: 'subject_access_export',
        generatedBy: 'Helen Carter',
      });

      // Release: only the latest draft, only once the free text is reviewed.
      expect(
        (
          await post('head', `${SARS}/${sar.id}/release`, {
            exportId: draft.id,
            freeTextReviewed: false,
          })
        ).status,
      ).toBe(400);
      expectCode(
        await post('head', `${SARS}/${sar.id}/release`, {
          exportId: first.id,
          freeTextReviewed: true,
        }),
        409,
        'SAR_DRAFT_SUPERSEDED',
      );
      await post('admin', `${SARS}/${sar.id}/release`, {
        exportId: draft.id,
        freeTextReviewed: true,
      }).expect(403);
      const released = (
        await post('head', `${SARS}/${sar.id}/release`, {
          exportId: draft.id,
          freeTextReviewed: true,
        }).expect(200)
      ).body as CaseBody;
      expect(released).toMatchObject({ answeredOn: '2026-11-16', overdue: false });
      expect(released.events.at(-1)).toMatchObject({
        kind: 'released',
        actorId: ids.user(EMAIL.head),
        exportId: draft.id,
        onDate: '2026-11-16',
      });
      const [audit] = await t.dataSource
        .getRepository(AuditEntry)
        .findBy({ targetId: sar.id as string, action: 'subject_access.released' });
      expect(audit.actorId).toBe(ids.user(EMAIL.head));
      expect(JSON.parse(audit.detail)).toEqual({
        onDate: '2026-11-16',
        exportId: draft.id,
        pdfSha256: draft.pdfSha256,
        jsonSha256: draft.jsonSha256,
      });
      expectCode(
        await post('head', `${SARS}/${sar.id}/release`, {
          exportId: draft.id,
          freeTextReviewed: true,
        }),
        409,
        'SAR_ALREADY_ANSWERED',
      );
      expectCode(
        await post('admin', `${SARS}/${sar.id}/extend`, { months: 1, reason: 'Too late now' }),
        409,
        'SAR_ALREADY_ANSWERED',
      );
      // The admin's register shows the answer, and no case content, not even how many cases.
      const seen = await get('admin', `${SARS}/${sar.id}`).expect(200);
      expect(seen.body.answeredOn).toBe('2026-11-16');
      expect(seen.body.latestExport).toMatchObject({
        id: draft.id,
        pdfSha256: draft.pdfSha256,
        caseCount: null,
        flagCount: null,
      });
      expect((await get('head', `${SARS}/${sar.id}`).expect(200)).body.latestExport.caseCount).toBe(
        2,
      );
      expect(JSON.stringify(seen.body)).not.toMatch(/SAR-DESCRIPTION|SAR-OWN-REPORT/);
    });

    it('is empty, not an error, for a person with no records', async () => {
      const sar = await register('admin', { personName: 'Nobody Held Atall' });
      const draft = (await post('head', `${SARS}/${sar.id}/export`).expect(201)).body as CaseBody;
      expect(draft).toMatchObject({ caseCount: 0, flagCount: 0, review: [] });
      const json = JSON.parse(
        (await bytes('head', `${SARS}/${sar.id}/export.json`)).toString('utf8'),
      );
      expect(json.cases).toEqual([]);
      expect(pdfText(await bytes('head', `${SARS}/${sar.id}/export.pdf`))).toContain(
        'No case at the school names this person',
      );
    });

    it('about the head is the chair’s: the head never sees it, and a head’s draft holds no case about the head', async () => {
      const aboutHead = await register('admin', { personUserId: ids.user(EMAIL.head) });
      expect(aboutHead.reviewerRole).toBe('chair_of_governors');
      await get('head', `${SARS}/${aboutHead.id}`).expect(404);
      const list = await get('head', `${SARS}?schoolId=${ids.school.OAK}`).expect(200);
      expect(list.body.map((r: CaseBody) => r.id)).not.toContain(aboutHead.id);
      await post('head', `${SARS}/${aboutHead.id}/export`).expect(404);
      await post('chair', `${SARS}/${aboutHead.id}/export`).expect(201);

      // Priya reported the head: that case is hers to see in an export, but never the head's.
      const report = await file('staff', {
        aboutHeadteacher: 'yes',
        subjectName: 'Helen Carter',
        description: 'Posts by the head about a parent. SAR-HEAD-CASE',
      });
      const priya = await register('admin', { personUserId: ids.user(EMAIL.staff) });
      const byHead = (await post('head', `${SARS}/${priya.id}/export`).expect(201))
        .body as CaseBody;
      const headJson = (await bytes('head', `${SARS}/${priya.id}/export.json`)).toString('utf8');
      expect(headJson).not.toContain(report.reference);
      expect(headJson).not.toContain('SAR-HEAD-CASE');
      const byChair = (await post('chair', `${SARS}/${priya.id}/export`).expect(201))
        .body as CaseBody;
      expect(byChair.caseCount).toBe(byHead.caseCount + 1);
      const chairJson = (await bytes('chair', `${SARS}/${priya.id}/export.json`)).toString('utf8');
      expect(chairJson).toContain(report.reference);
    });
  });

  it('finds a subject named but not linked to an account by the name, and asks the reviewer to confirm it', async () => {
    const named = await file('staff', {
      subjectName: 'Jamie Unlinked',
      subjectRelationship: 'volunteer',
      description: 'A volunteer posted photos of the school trip online.',
    });
    const sar = await register('admin', { personName: 'jamie unlinked ' });
    const draft = (await post('head', `${SARS}/${sar.id}/export`).expect(201)).body as CaseBody;
    expect(draft.caseCount).toBe(1);
    expect(draft.review).toContainEqual({
      path: 'cases[0].subject',
      caseReference: named.reference,
      field: 'subject matched by name only',
      detectedNames: ['Jamie Unlinked'],
    });
  });

  it("has a page for the admin's register, which keeps what was typed after a refusal", async () => {
    const page = `/admin/schools/${ids.school.OAK}/subject-access`;
    const form = (body: Record<string, string>) =>
      request(t.http).post(page).set(bearer(tok.admin)).type('form').send(body);
    const unnamed = await form({ requesterName: 'Page Requester', receivedOn: '2026-11-16' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.text).toContain('<a href="#personName">Name the person the request is about');
    const refused = await form({
      requesterName: 'Page Requester',
      personName: 'Former Pupil Page',
      receivedOn: '2026-11-20',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#receivedOn">The date received cannot be after today');
    expect(refused.text).toContain('value="Page Requester"');
    expect(refused.text).toContain('value="Former Pupil Page"');
    const recorded = await form({
      requesterName: 'Page Requester',
      personName: 'Former Pupil Page',
      receivedOn: '2026-11-16',
    });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.location).toBe(`${page}?done=sar_recorded`);
    const shown = await request(t.http).get(page).set(bearer(tok.admin)).expect(200);
    expect(shown.text).toContain('Former Pupil Page');
    expect(shown.text).toContain('16 Dec 2026');
    await request(t.http).get(page).set(bearer(tok.head)).expect(403);
    await request(t.http)
      .get(`/admin/schools/${ids.school.OAK}/subject-access`)
      .set(bearer(tok.adminElm))
      .expect(404);
  });

  // Last: it moves the clock on.
  describe('reminders', () => {
    it('remind the admin and the reviewer a working day before the due date and when it passes', async () => {
      const sar = await register('admin', {
        personUserId: ids.user(EMAIL.staff2),
        receivedOn: '2026-11-16',
      });
      const reminders = t.app.get(SubjectAccessReminders);
      const noticesOf = (kind: string) =>
        t.dataSource
          .getRepository(Notification)
          .find({ where: { kind: kind as Notification['kind'] } })
          .then((rows) => rows.map((n) => n.userId).sort());
      await reminders.runOnce();
      expect(await noticesOf('subject_access_due_soon')).toEqual([]);
      clock.set('2026-12-15T09:00:00.000Z'); // Tuesday; due Wednesday 16 December
      expect(await reminders.runOnce()).toBeGreaterThanOrEqual(1);
      const before = await noticesOf('subject_access_due_soon');
      expect(before).toContain(ids.user(EMAIL.admin));
      expect(before).toContain(ids.user(EMAIL.head));
      expect(before).not.toContain(ids.user(EMAIL.staff2)); // never the person it is about
      const claims = async () =>
        (
          await t.dataSource
            .getRepository(SubjectAccessReminder)
            .findBy({ requestId: sar.id as string })
        )
          .map((r) => `${r.kind}:${r.dueOn}`)
          .sort();
      expect(await claims()).toEqual(['before:2026-12-16']);
      // Sent once, however often the job runs.
      expect(await reminders.runOnce()).toBe(0);
      clock.set('2026-12-17T09:00:00.000Z');
      await signInAll();
      await reminders.runOnce();
      expect(await claims()).toEqual(['before:2026-12-16', 'due:2026-12-16']);
      expect(await noticesOf('subject_access_overdue')).toContain(ids.user(EMAIL.head));
      const passed = await t.dataSource
        .getRepository(AuditEntry)
        .findBy({ targetId: sar.id as string, action: 'subject_access.due_passed' });
      expect(passed).toHaveLength(1);
      expect((await get('admin', `${SARS}/${sar.id}`).expect(200)).body.overdue).toBe(true);
    });
  });
});
