/**
 * Records (issue 15, DOMAIN.md §8) through the API, with an injected clock: retention decided
 * at closing, legal holds, the audit of reads, and the pruning job.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { EvidenceText } from '../../src/cases/evidence-text.entity.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { Session } from '../../src/auth/session.entity.js';
import { SignInPruningService } from '../../src/auth/sign-in-pruning.service.js';
import { CaseEvent } from '../../src/cases/case-event.entity.js';
import { CaseRecord as CaseRecordEntity } from '../../src/cases/case.entity.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { IssuedDocument } from '../../src/documents/issued-document.entity.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { FileStore } from '../../src/platform/file-store/file-store.js';
import { RetentionDeletionService } from '../../src/records/retention-deletion.service.js';
import { createHash } from 'node:crypto';
import { CaseSteps, expectCode, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { binary } from '../support/binary.js';
import { pdfText } from '../support/pdf-text.js';
import { png } from '../support/sample-files.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const PEOPLE = ['staff', 'head', 'hr', 'admin'] as const;
type Who = (typeof PEOPLE)[number];

describe('records', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok = {} as Record<Who | 'adminElm', string>;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  const signInAll = async () => {
    for (const who of PEOPLE)
      tok[who] = await t.login(who === 'hr' ? 'hr@council.example' : `${who}@oak.example`);
    tok.adminElm = await t.login('admin@elm.example');
  };
  const file = async (over: Record<string, string | boolean | string[]> = {}) =>
    (await fileReport(t, tok.staff, baseReport(ids.school.OAK, over)).expect(201)).body as CaseBody;
  const pdfBytes = async (who: Who, id: string) =>
    (
      await request(t.http)
        .get(`/api/v1/cases/${id}/case-file.pdf?variant=hr`)
        .set(bearer(tok[who]))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (x: Buffer) => chunks.push(x));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200)
    ).body as Buffer;
  const pdf = async (who: Who, id: string) =>
    pdfText(
      (
        await request(t.http)
          .get(`/api/v1/cases/${id}/case-file.pdf?variant=hr`)
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
  /** An allegation triaged with the LADO and decided with the given finding. */
  const decidedAllegation = async (finding: string) => {
    const c = await file({ safeguarding: true });
    await steps.referral(tok.head, c.id, 'lado', 'LADO-1');
    await steps.triage(tok.head, c.id, 'harm_threshold');
    await steps.moveOk(tok.head, c.id, {
      to: 'outcome',
      finding,
      sanction: 'none',
      rationale: 'The investigation found this.',
      governorSummary: 'An allegation about a member of staff was concluded.',
      ladoAgreedFinding: true,
      subjectInformedAt: '2026-11-16',
      parentsInformedAt: '2026-11-16',
    });
    return c;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    await signInAll();
  });
  afterAll(() => t.close());

  describe('retention decided at closing', () => {
    it('removes a malicious allegation at closing, on the closing event, the case and the HR file', async () => {
      const c = await decidedAllegation('malicious');
      // Only a substantiated allegation may ever be mentioned in a reference.
      expectCode(
        await steps.move(tok.head, c.id, { to: 'closed', referenceMention: true }),
        409,
        'CASE_REFERENCE_MENTION_NOT_ALLOWED',
      );
      const closed = await steps.moveOk(tok.head, c.id, {
        to: 'closed',
        outcomeCopyGivenAt: '2026-11-16',
      });
      expect(closed.procedure.retention).toEqual({
        rule: 'allegation_false_or_malicious',
        ruleText: expect.stringContaining('removed at closing'),
        retainUntil: clock.now().toISOString(),
      });
      expect(closed.procedure.allegation).toMatchObject({
        referenceMention: false,
        outcomeCopyGivenAt: clock.now().toISOString(),
      });
      const closing = closed.timeline.find(
        (e: CaseBody) => e.kind === 'transition' && e.to === 'closed',
      );
      expect(closing.data).toMatchObject({
        retentionRule: 'allegation_false_or_malicious',
        retainUntil: clock.now().toISOString(),
      });
      const hr = await pdf('head', c.id);
      expect(hr).toContain('Retention');
      expect(hr).toMatch(/removed at closing/);
      expect(hr).toMatch(/May be mentioned in a reference\s*No/);
    });

    it('keeps a substantiated allegation until the later of pension age and ten years from the report', async () => {
      const c = await decidedAllegation('substantiated');
      const closed = await steps.moveOk(tok.head, c.id, {
        to: 'closed',
        subjectPensionDate: '2049-03-31',
        referenceMention: true,
        outcomeCopyGivenAt: '2026-11-16',
      });
      expect(closed.procedure.retention).toMatchObject({
        rule: 'allegation_pension_age_or_ten_years',
        retainUntil: '2049-03-31T22:59:59.999Z', // the end of that day in London (BST)
      });
      expect(closed.procedure.allegation.referenceMention).toBe(true);
      expect(await pdf('head', c.id)).toMatch(/Kept until\s*31 Mar 2049/);
      const page = await request(t.http).get(`/cases/${c.id}`).set(bearer(tok.head)).expect(200);
      expect(page.text).toMatch(/<h2>Retention<\/h2>/);
      expect(page.text).toContain('31 Mar 2049');

      // Reopened, the decision is made again at the next closing.
      await steps.moveOk(tok.head, c.id, { to: 'investigating', note: 'New evidence' });
      const reopened = await steps.get(tok.head, c.id);
      expect(reopened.procedure.retention).toBeNull();
    });

    it("reads the school's schedule, which the admin sets, for a conduct breach", async () => {
      const settings = `/api/v1/schools/${ids.school.OAK}/settings`;
      const current = (await request(t.http).get(settings).set(bearer(tok.admin)).expect(200))
        .body as CaseBody;
      expect(current.retentionConductYears).toBe(6);
      const form = { ...current };
      for (const key of ['schoolId', 'customised', 'updatedAt']) delete form[key];
      expect(
        (
          await request(t.http)
            .put(settings)
            .set(bearer(tok.admin))
            .send({ ...form, retentionConductYears: 0 })
        ).status,
      ).toBe(400);
      await request(t.http)
        .put(settings)
        .set(bearer(tok.admin))
        .send({ ...form, retentionConductYears: 3 })
        .expect(200);
      const c = await file();
      const closed = await steps.moveOk(tok.head, c.id, {
        to: 'closed',
        classification: 'conduct_breach',
        rationale: 'Dealt with informally.',
      });
      expect(closed.procedure.retention).toMatchObject({
        rule: 'school_schedule_conduct',
        retainUntil: '2029-11-16T23:59:59.999Z',
      });
      // A body without the schedule keeps it.
      const older = { ...form };
      delete older.retentionConductYears;
      const after = (
        await request(t.http).put(settings).set(bearer(tok.admin)).send(older).expect(200)
      ).body as CaseBody;
      expect(after.retentionConductYears).toBe(3);
    });

    it('keeps a low-level concern until reviewed, with no date', async () => {
      const c = await file();
      const closed = await steps.moveOk(tok.head, c.id, {
        to: 'closed',
        classification: 'low_level_concern',
        rationale: 'A conversation was enough.',
      });
      expect(closed.procedure.retention).toMatchObject({
        rule: 'low_level_concern_while_employed',
        retainUntil: null,
      });
    });
  });

  describe('legal holds', () => {
    const holds = (id: string) => `/api/v1/cases/${id}/legal-holds`;
    const auditOf = (caseId: string, action: string) =>
      t.dataSource.getRepository(AuditEntry).find({ where: { targetId: caseId, action } });

    it('are placed and lifted by the owner with a reason, as events and audit entries of ids', async () => {
      const c = await file();
      expect((await steps.post(tok.head, holds(c.id), { reason: 'x' })).status).toBe(400);
      const placed = (
        await steps
          .post(tok.head, holds(c.id), { reason: 'Employment tribunal claim 2026/0042' })
          .expect(201)
      ).body as CaseBody;
      expect(placed).toMatchObject({ caseId: c.id, active: true, liftedAt: null });
      const held = await steps.get(tok.head, c.id);
      expect(held.procedure.legalHolds).toEqual([
        expect.objectContaining({ id: placed.id, active: true }),
      ]);
      expect(held.timeline.map((e: CaseBody) => e.kind)).toContain('legal_hold_placed');
      const [entry] = await auditOf(c.id, 'case.legal_hold_placed');
      expect(JSON.parse(entry.detail)).toEqual({ holdId: placed.id });

      const lifted = (
        await steps
          .post(tok.head, `${holds(c.id)}/${placed.id}/lift`, { reason: 'Claim withdrawn' })
          .expect(200)
      ).body as CaseBody;
      expect(lifted).toMatchObject({ active: false, liftReason: 'Claim withdrawn' });
      expectCode(
        await steps.post(tok.head, `${holds(c.id)}/${placed.id}/lift`, { reason: 'Again' }),
        409,
        'LEGAL_HOLD_ALREADY_LIFTED',
      );
      const after = await steps.get(tok.head, c.id);
      expect(after.procedure.legalHolds[0]).toMatchObject({ active: false });
      expect(await auditOf(c.id, 'case.legal_hold_lifted')).toHaveLength(1);
    });

    it('are placed and lifted by the owner from the case page', async () => {
      const c = await file();
      const page = (path: string, body: Record<string, string>) =>
        request(t.http).post(path).set(bearer(tok.head)).type('form').send(body);
      const refused = await page(`/cases/${c.id}/legal-holds`, { reason: 'x' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('reason');
      const placed = await page(`/cases/${c.id}/legal-holds`, { reason: 'Tribunal 2026/9' });
      expect(placed.status).toBe(303);
      expect(placed.headers.location).toBe(`/cases/${c.id}?done=legal_hold_placed`);
      const [hold] = (await steps.get(tok.head, c.id)).procedure.legalHolds as CaseBody[];
      const shown = await request(t.http).get(`/cases/${c.id}`).set(bearer(tok.head)).expect(200);
      expect(shown.text).toContain('Tribunal 2026/9');
      expect(shown.text).toContain(`/cases/${c.id}/legal-holds/${hold.id}/lift`);
      expect(
        (await page(`/cases/${c.id}/legal-holds/${hold.id}/lift`, { reason: 'Struck out' })).status,
      ).toBe(303);
      expect((await steps.get(tok.head, c.id)).procedure.legalHolds[0].active).toBe(false);
    });

    it("are placed and lifted by the school's admin, who still sees no case content", async () => {
      const c = await file({ description: 'HOLD-SECRET words about a post.' });
      await request(t.http).get(`/api/v1/cases/${c.id}`).set(bearer(tok.admin)).expect(403);
      const placed = (
        await steps
          .post(tok.admin, holds(c.id), { reason: 'Statutory inquiry request' })
          .expect(201)
      ).body as CaseBody;
      const list = await request(t.http).get(holds(c.id)).set(bearer(tok.admin)).expect(200);
      expect(list.body).toEqual([expect.objectContaining({ id: placed.id, active: true })]);
      expect(JSON.stringify(list.body)).not.toContain('HOLD-SECRET');
      // Another school's admin, the reporter and HR may not.
      await steps.post(tok.adminElm, holds(c.id), { reason: 'Not my school' }).expect(404);
      await steps.post(tok.staff, holds(c.id), { reason: 'I reported it' }).expect(403);
      await steps.post(tok.hr, holds(c.id), { reason: 'HR asks' }).expect(403);
      await steps
        .post(tok.admin, `${holds(c.id)}/${placed.id}/lift`, { reason: 'Inquiry closed' })
        .expect(200);
      // The owner sees who placed and lifted it on the case.
      const seen = await steps.get(tok.head, c.id);
      expect(seen.procedure.legalHolds[0]).toMatchObject({
        placedById: ids.user('admin@oak.example'),
        active: false,
      });
    });
  });

  describe('reads of case content in the audit log', () => {
    it('records who read the case, its evidence and its PDF, with ids and hashes only', async () => {
      const c = (
        await fileReport(
          t,
          tok.staff,
          baseReport(ids.school.OAK, { description: 'READ-SECRET words about a post.' }),
          [{ name: 'a.png', bytes: png(8, 8) }],
        ).expect(201)
      ).body as CaseBody;
      const audited = async () =>
        (
          await t.dataSource
            .getRepository(AuditEntry)
            .find({ where: { targetId: c.id }, order: { seq: 'ASC' } })
        ).map((e) => ({ action: e.action, actorId: e.actorId, detail: JSON.parse(e.detail) }));
      await steps.get(tok.head, c.id);
      await request(t.http).get(`/cases/${c.id}`).set(bearer(tok.head)).expect(200);
      // A refused read is not a read.
      await request(t.http).get(`/api/v1/cases/${c.id}`).set(bearer(tok.adminElm)).expect(403);
      await pdf('head', c.id);
      const [evidence] = (await steps.get(tok.head, c.id)).evidence as CaseBody[];
      await request(t.http)
        .get(`/api/v1/evidence/${evidence.id}/content`)
        .set(bearer(tok.head))
        .expect(200);
      const evidenceRead = await t.dataSource
        .getRepository(AuditEntry)
        .findOneByOrFail({ targetId: evidence.id as string, action: 'evidence.downloaded' });
      expect(JSON.parse(evidenceRead.detail)).toEqual({
        caseId: c.id,
        sha256: evidence.sha256,
      });
      const reads = (await audited()).filter((e) => e.action !== 'case.reported').slice(0, 3);
      expect(reads).toEqual([
        {
          action: 'case.read',
          actorId: ids.user('head@oak.example'),
          detail: { access: 'owner', via: 'api' },
        },
        {
          action: 'case.read',
          actorId: ids.user('head@oak.example'),
          detail: { access: 'owner', via: 'page' },
        },
        {
          action: 'document.downloaded',
          actorId: ids.user('head@oak.example'),
          detail: { variant: 'hr', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        },
      ]);
      expect(JSON.stringify(reads)).not.toContain('READ-SECRET');
    });
  });

  describe('deletion when retention ends', () => {
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const run = () => t.app.get(RetentionDeletionService).runOnce();
    /** Where one case stands, whatever else the run did to the cases of earlier tests. */
    const state = async (id: string) => {
      const exists = await t.dataSource.getRepository(CaseRecordEntity).existsBy({ id });
      const notices = await t.dataSource
        .getRepository(CaseEvent)
        .countBy({ caseId: id, kind: 'deletion_notice' });
      return exists ? (notices > 0 ? 'noticed' : 'kept') : 'deleted';
    };
    const moveOn = async (days: number) => {
      clock.advanceDays(days);
      await signInAll(); // sessions last a school day
    };

    it('removes a malicious allegation after notice, unless held, and leaves a tombstone that verifies', async () => {
      const own = png(13, 11);
      const shared = png(8, 8); // also evidence of the case the read test filed
      const c = (
        await fileReport(t, tok.staff, baseReport(ids.school.OAK, { safeguarding: true }), [
          { name: 'own.png', bytes: own },
          { name: 'shared.png', bytes: shared },
        ]).expect(201)
      ).body as CaseBody;
      await steps.referral(tok.head, c.id, 'lado', 'LADO-9');
      await steps.triage(tok.head, c.id, 'harm_threshold');
      await steps.moveOk(tok.head, c.id, {
        to: 'outcome',
        finding: 'malicious',
        sanction: 'none',
        rationale: 'Made up.',
        governorSummary: 'An allegation was found to be malicious.',
        ladoAgreedFinding: true,
        subjectInformedAt: '2026-11-16',
        parentsInformedAt: '2026-11-16',
      });
      const hrFile = sha(await pdfBytes('head', c.id));
      const pack = sha(
        (
          await binary(
            request(t.http).get(`/api/v1/cases/${c.id}/evidence-pack.zip`).set(bearer(tok.head)),
          ).expect(200)
        ).body as Buffer,
      );
      await steps.moveOk(tok.head, c.id, { to: 'closed' });
      // What the machine read from both images (written here: these tiny images hold no text).
      await t.app.get(JobQueue).drained();
      for (const bytes of [own, shared])
        await t.dataSource
          .getRepository(EvidenceText)
          .upsert({ sha256: sha(bytes), text: 'read', engine: 'test', readAt: clock.now() }, [
            'sha256',
          ]);

      // The first run tells the owner; nothing is deleted before the notice period.
      await run();
      expect(await state(c.id)).toBe('noticed');
      expect(
        await t.dataSource
          .getRepository(Notification)
          .countBy({ caseId: c.id, kind: 'deletion_due', userId: ids.user('head@oak.example') }),
      ).toBe(1);
      await run();
      expect(await state(c.id)).toBe('noticed');
      const hold = (
        await steps
          .post(tok.head, `/api/v1/cases/${c.id}/legal-holds`, { reason: 'Tribunal 2026/7' })
          .expect(201)
      ).body as CaseBody;
      await moveOn(8);
      // A hold wins over the deletion.
      await run();
      expect(await state(c.id)).toBe('noticed');
      await steps.get(tok.head, c.id);
      await steps
        .post(tok.head, `/api/v1/cases/${c.id}/legal-holds/${hold.id}/lift`, { reason: 'Settled' })
        .expect(200);
      expect((await run()).deleted).toBeGreaterThanOrEqual(1);
      expect(await state(c.id)).toBe('deleted');

      await request(t.http).get(`/api/v1/cases/${c.id}`).set(bearer(tok.head)).expect(404);
      await steps
        .post(tok.admin, `/api/v1/cases/${c.id}/legal-holds`, { reason: 'Too late' })
        .expect(404);
      const tombstone = await t.dataSource
        .getRepository(AuditEntry)
        .findOneByOrFail({ targetId: c.id, action: 'case.deleted_under_retention' });
      expect(tombstone.actorId).toBeNull();
      expect(JSON.parse(tombstone.detail)).toEqual({
        reference: c.reference,
        rule: 'allegation_false_or_malicious',
        retainUntil: expect.any(String),
        by: 'retention_job',
        counts: { events: expect.any(Number), evidence: 2, documents: 2, legalHolds: 1 },
        evidenceSha256: expect.arrayContaining([sha(own), sha(shared)]),
        documents: expect.arrayContaining([
          { variant: 'hr', sha256: hrFile },
          { variant: 'evidence_pack', sha256: pack },
        ]),
      });
      const verdict = await request(t.http)
        .get('/api/v1/audit/verify')
        .set(bearer(tok.head))
        .expect(200);
      expect(verdict.body.ok).toBe(true);
      // Its own file is gone; the file another case also holds stays.
      const store = t.app.get(FileStore);
      expect(await store.exists(sha(own))).toBe(false);
      expect(await store.exists(sha(shared))).toBe(true);
      // And so is what was read from it; the shared image's reading stays with its file.
      const readings = t.dataSource.getRepository(EvidenceText);
      expect(await readings.existsBy({ sha256: sha(own) })).toBe(false);
      expect(await readings.existsBy({ sha256: sha(shared) })).toBe(true);
      // A printed copy of its HR file is still proven genuine, and said to be deleted since.
      const printed = await request(t.http)
        .get(`/api/v1/documents/verify?sha256=${hrFile}`)
        .set(bearer(tok.head))
        .expect(200);
      expect(printed.body).toMatchObject({
        genuine: true,
        caseReference: c.reference,
        variant: 'hr',
        deletedUnderRetentionAt: clock.now().toISOString(),
      });
      // So is a copy of its evidence pack, and the issued record went with the case.
      const packed = await request(t.http)
        .get(`/api/v1/documents/verify?sha256=${pack}`)
        .set(bearer(tok.head))
        .expect(200);
      expect(packed.body).toMatchObject({
        genuine: true,
        caseReference: c.reference,
        variant: 'evidence_pack',
        deletedUnderRetentionAt: clock.now().toISOString(),
      });
      expect(await t.dataSource.getRepository(IssuedDocument).countBy({ caseId: c.id })).toBe(0);
    });

    it('keeps a substantiated allegation until ten years from the report, then removes it', async () => {
      const c = await decidedAllegation('substantiated');
      await steps.moveOk(tok.head, c.id, { to: 'closed', subjectPensionDate: '2030-06-30' });
      await run();
      expect(await state(c.id)).toBe('kept');
      clock.set('2036-11-10T10:00:00.000Z'); // a clock set forward by ten years: not yet
      await signInAll();
      await run();
      expect(await state(c.id)).toBe('kept');
      clock.set('2036-12-01T10:00:00.000Z');
      await signInAll();
      await run();
      expect(await state(c.id)).toBe('noticed');
      await moveOn(8);
      await run();
      expect(await state(c.id)).toBe('deleted');
      await request(t.http).get(`/api/v1/cases/${c.id}`).set(bearer(tok.head)).expect(404);
    });

    it('never half-deletes: a hold placed while the job runs either stops it or finds the case gone', async () => {
      const cases: CaseBody[] = [];
      for (let i = 0; i < 3; i++) {
        const c = await decidedAllegation('false');
        await steps.moveOk(tok.head, c.id, { to: 'closed' });
        cases.push(c);
      }
      await run();
      await moveOn(8);
      const holds = await Promise.all([
        run(),
        ...cases.map((c) =>
          steps.post(tok.admin, `/api/v1/cases/${c.id}/legal-holds`, { reason: 'Inquiry' }),
        ),
      ]);
      for (const [i, c] of cases.entries()) {
        const status = (holds[i + 1] as { status: number }).status;
        const now = await state(c.id);
        // Held: the case is whole and kept; too late: it is gone, tombstone and all.
        expect({ status, now }).toEqual(
          status === 201 ? { status, now: 'noticed' } : { status: 404, now: 'deleted' },
        );
        const tombstones = await t.dataSource
          .getRepository(AuditEntry)
          .countBy({ targetId: c.id, action: 'case.deleted_under_retention' });
        expect(tombstones).toBe(now === 'deleted' ? 1 : 0);
        if (now !== 'deleted')
          expect(
            await t.dataSource.getRepository(CaseEvent).countBy({ caseId: c.id }),
          ).toBeGreaterThan(3);
      }
    });
  });

  // Last: it moves the clock past the real time, which the throttle's own rows are written in.
  describe('pruning sign-in rows', () => {
    it('removes ended sessions and closed throttle windows, and keeps live ones and the audit log', async () => {
      const sessions = t.dataSource.getRepository(Session);
      const rateLimitRows = async () =>
        Number(
          (
            (await t.dataSource.query('SELECT COUNT(*) AS n FROM "rate_limit"')) as { n: string }[]
          )[0].n,
        );
      const ended = await t.login('staff@oak.example');
      await request(t.http).post('/api/v1/auth/logout').set(bearer(ended)).expect(204);
      for (let i = 0; i < 2; i++)
        await request(t.http)
          .post('/api/v1/auth/login')
          .send({ email: 'staff2@oak.example', password: 'not the password' })
          .expect(401);
      expect(await rateLimitRows()).toBeGreaterThan(0);
      const failures = await t.dataSource
        .getRepository(AuditEntry)
        .count({ where: { action: 'auth.login_failed' } });
      const pruning = t.app.get(SignInPruningService);

      clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 3 * 86_400_000));
      const live = await t.login('head@oak.example');
      const counts = await pruning.runOnce();
      expect(counts.sessions).toBeGreaterThan(0);
      expect(counts.throttleRows).toBeGreaterThan(0);
      expect(await rateLimitRows()).toBe(0);
      // Every session left is one still usable: the one opened after the clock moved.
      const left = await sessions.find();
      expect(left.every((x) => x.revokedAt === null && x.expiresAt > clock.now())).toBe(true);
      await request(t.http).get('/api/v1/auth/me').set(bearer(live)).expect(200);
      await request(t.http).get('/api/v1/auth/me').set(bearer(ended)).expect(401);
      // What happened stays in the audit log.
      expect(
        await t.dataSource
          .getRepository(AuditEntry)
          .count({ where: { action: 'auth.login_failed' } }),
      ).toBe(failures);
    });
  });
});
