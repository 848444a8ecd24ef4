/**
 * Merging two reports into one case (issue 21, item 2): the owner of both merges report B into
 * case A. Both timelines are kept (B's rows stay B's and are read on A), B is closed and worked
 * no more, B's reporter keeps their own view of B and gains nothing of A, and the two are
 * deleted together when A's retention ends. Runs on SQLite and, with TEST_DATABASE_URL, on
 * PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { CaseRecord } from '../../src/cases/case.entity.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { RetentionDeletionService } from '../../src/records/retention-deletion.service.js';
import { binary } from '../support/binary.js';
import { CaseSteps, expectCode, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { png } from '../support/sample-files.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const PEOPLE = ['staff', 'staff2', 'head', 'chair', 'hr', 'headElm'] as const;
type Who = (typeof PEOPLE)[number];
const EMAIL: Record<Who, string> = {
  staff: 'staff@oak.example',
  staff2: 'staff2@oak.example',
  head: 'head@oak.example',
  chair: 'chair@oak.example',
  hr: 'hr@council.example',
  headElm: 'head@elm.example',
};

describe('merging two reports into one case', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok = {} as Record<Who, string>;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday
  const signInAll = async () => {
    for (const who of PEOPLE) tok[who] = await t.login(EMAIL[who]);
  };
  const file = async (
    who: Who,
    over: Record<string, string | boolean | string[]> = {},
    files = [] as { name: string; bytes: Buffer }[],
  ) =>
    (await fileReport(t, tok[who], baseReport(ids.school.OAK, over), files).expect(201))
      .body as CaseBody;
  /** POST /merge with both cases' current versions unless told otherwise. */
  const merge = async (
    who: Who,
    intoId: string,
    mergeId: string,
    over: Record<string, unknown> = {},
  ) => {
    const version = (await t.dataSource.getRepository(CaseRecord).findOneBy({ id: intoId }))
      ?.version;
    const mergeCaseVersion = (
      await t.dataSource.getRepository(CaseRecord).findOneBy({ id: mergeId })
    )?.version;
    return steps.post(tok[who], `/api/v1/cases/${intoId}/merge`, {
      mergeCaseId: mergeId,
      reason: 'Both report the same Facebook post.',
      version: version ?? 1,
      mergeCaseVersion: mergeCaseVersion ?? 1,
      ...over,
    });
  };
  const hrFile = async (who: Who, id: string) =>
    pdfText(
      (
        await binary(
          request(t.http).get(`/api/v1/cases/${id}/case-file.pdf?variant=hr`).set(bearer(tok[who])),
        ).expect(200)
      ).body as Buffer,
    );

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    await signInAll();
  });
  afterAll(() => t.close());

  describe('a merge made', () => {
    const screenshot = png(21, 13);
    let a: CaseBody;
    let b: CaseBody;
    let merged: CaseBody;

    beforeAll(async () => {
      a = await file('staff', { description: 'Tom Reed posted about the school trip.' });
      // B's reporter asked to stay confidential, and sent a screenshot.
      b = await file(
        'staff2',
        {
          description: 'The same post about the trip, seen in the parents group.',
          confidentialReporter: true,
        },
        [{ name: 'post.png', bytes: screenshot }],
      );
      await steps.triage(tok.head, a.id, 'conduct_breach');
      // The owner's stale copy of A: someone changed it since.
      const stale = await merge('head', a.id, b.id, { version: 1 });
      expectCode(stale, 409, 'CASE_STALE_VERSION');
      const staleB = await merge('head', a.id, b.id, { mergeCaseVersion: 99 });
      expectCode(staleB, 409, 'CASE_STALE_VERSION');
      const res = await merge('head', a.id, b.id);
      expect(res.status).toBe(200);
      merged = res.body as CaseBody;
    });

    it('answers with case A, which now holds B as it was reported, with its own timeline and evidence', () => {
      expect(merged.id).toBe(a.id);
      expect(merged.status).toBe('investigating');
      expect(merged.mergedInto).toBeNull();
      expect(merged.mergedReports).toHaveLength(1);
      const [report] = merged.mergedReports;
      expect(report).toMatchObject({
        id: b.id,
        reference: b.reference,
        description: 'The same post about the trip, seen in the parents group.',
        confidentialReporter: true,
        reporter: { id: ids.user('staff2@oak.example') },
      });
      expect(report.evidence.map((e: CaseBody) => e.sha256)).toEqual([
        createHash('sha256').update(screenshot).digest('hex'),
      ]);
      expect(report.timeline.map((e: CaseBody) => e.kind)).toEqual([
        'reported',
        'evidence_added',
        'merged_into',
      ]);
      // A's own timeline says B joined it, with the reason; nothing of A was edited.
      const joined = merged.timeline.at(-1);
      expect(joined).toMatchObject({
        kind: 'merged_in',
        note: 'Both report the same Facebook post.',
        data: { caseId: b.id, reference: b.reference },
      });
      expect(merged.timeline.map((e: CaseBody) => e.kind)).toEqual([
        'reported',
        'transition',
        'merged_in',
      ]);
    });

    it('closes B through the table, stops its clocks and points it at A', async () => {
      const now = await steps.get(tok.head, b.id);
      expect(now.status).toBe('closed');
      expect(now.mergedInto).toEqual({ id: a.id, reference: a.reference });
      expect(now.dueAt).toBeNull();
      expect(now.procedure.retention).toBeNull();
      expect(now.allowedTransitions).toEqual([]);
      expect(now.timeline.at(-1)).toMatchObject({
        kind: 'merged_into',
        from: 'reported',
        to: 'closed',
        data: { move: 'merge', closedWith: 'merged', into: a.id, intoReference: a.reference },
      });
      const entry = await t.dataSource
        .getRepository(AuditEntry)
        .findOneByOrFail({ action: 'case.merged', targetId: b.id });
      expect(JSON.parse(entry.detail)).toMatchObject({ intoCaseId: a.id, to: 'closed' });
      // Logs and audit carry ids, never the reason typed.
      expect(entry.detail).not.toContain('Facebook');
    });

    it('works B no more: no reopening, no notes, no evidence, no second merge', async () => {
      const reopen = await steps.move(tok.head, b.id, { to: 'investigating', note: 'New post' });
      expectCode(reopen, 409, 'CASE_MERGED');
      expectCode(
        await steps.post(tok.head, `/api/v1/cases/${b.id}/notes`, { body: 'A note' }),
        409,
        'CASE_MERGED',
      );
      const upload = await request(t.http)
        .post(`/api/v1/cases/${b.id}/evidence`)
        .set(bearer(tok.head))
        .attach('evidence', png(9, 9), { filename: 'more.png', contentType: 'image/png' });
      expectCode(upload, 409, 'CASE_MERGED');
      const c = await file('staff', { description: 'A third report of the post.' });
      await steps.triage(tok.head, c.id, 'conduct_breach');
      expectCode(await merge('head', c.id, b.id), 409, 'CASE_MERGE_ALREADY_MERGED');
      // A holds B: merged into another case it would drag B along; merge C into A instead.
      expectCode(await merge('head', c.id, a.id), 409, 'CASE_MERGE_HOLDS_MERGED');
    });

    it("lets B's reporter keep their own view of B, and gives them nothing of A", async () => {
      const own = await steps.get(tok.staff2, b.id);
      expect(own.access).toBe('reporter');
      expect(own.description).toBe('The same post about the trip, seen in the parents group.');
      expect(own.mergedInto).toEqual({ id: a.id, reference: a.reference });
      expect(own.timeline).toEqual([]);
      await request(t.http).get(`/api/v1/cases/${a.id}`).set(bearer(tok.staff2)).expect(404);
      // Reading A reads B: the audit entry of the read names both.
      await steps.get(tok.head, a.id);
      const reads = await t.dataSource
        .getRepository(AuditEntry)
        .find({ where: { action: 'case.read', targetId: a.id }, order: { seq: 'DESC' }, take: 1 });
      expect(JSON.parse(reads[0].detail)).toEqual({
        access: 'owner',
        via: 'api',
        mergedCaseIds: [b.id],
      });
      // A's reporter sees their own report, and nothing of B.
      const aReporter = await steps.get(tok.staff, a.id);
      expect(aReporter.mergedReports).toEqual([]);
      await request(t.http).get(`/api/v1/cases/${b.id}`).set(bearer(tok.staff)).expect(404);
    });

    it("opens B's evidence for A's owner, and prints B in A's HR file with its reporter kept confidential", async () => {
      const item = merged.mergedReports[0].evidence[0];
      const bytes = await binary(
        request(t.http).get(`/api/v1/evidence/${item.id}/content`).set(bearer(tok.head)),
      ).expect(200);
      expect(bytes.body).toEqual(screenshot);
      // HR, once asked on A, reads B there too, its confidential reporter named to them alone.
      await steps.hrAdvice(tok.head, tok.hr, a.id);
      const asHr = await steps.get(tok.hr, a.id);
      expect(asHr.mergedReports[0].reporter).toMatchObject({
        id: ids.user('staff2@oak.example'),
      });
      const text = await hrFile('hr', a.id);
      expect(text).toContain(`Report ${b.reference}, merged into this case`);
      expect(text).toMatch(/confidential: known only to the case\s+owner and HR/);
      expect(text).toContain(`from ${b.reference}`);
      expect(text).toContain('The same post about the trip, seen in the parents group.');
      expect(text).toContain(`Merged into ${a.reference}`);
      expect(text).toContain(`${b.reference} merged into this case`);
      // The evidence pack of A holds B's original too, numbered as in the HR file.
      const pack = await binary(
        request(t.http).get(`/api/v1/cases/${a.id}/evidence-pack.zip`).set(bearer(tok.hr)),
      ).expect(200);
      const dir = mkdtempSync(join(tmpdir(), 'merged-pack-'));
      try {
        writeFileSync(join(dir, 'pack.zip'), pack.body as Buffer);
        const manifest = JSON.parse(
          execFileSync('unzip', ['-p', join(dir, 'pack.zip'), 'manifest.json'], {
            encoding: 'utf8',
          }),
        ) as { items: { sha256: string }[] };
        expect(manifest.items.map((i) => i.sha256)).toContain(
          createHash('sha256').update(screenshot).digest('hex'),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a hand-over of the case', () => {
    it('takes the reports merged into it along: the old owner no longer reads them', async () => {
      const a = await file('staff');
      const b = await file('staff2', { confidentialReporter: true });
      await steps.triage(tok.head, a.id, 'conduct_breach');
      expect((await merge('head', a.id, b.id)).status).toBe(200);
      const version = (await steps.get(tok.head, a.id)).version as number;
      await steps
        .post(tok.head, `/api/v1/cases/${a.id}/handover`, {
          toUserId: ids.user('chair@oak.example'),
          reason: 'I know the member of staff well.',
          version,
        })
        .expect(200);
      await request(t.http).get(`/api/v1/cases/${b.id}`).set(bearer(tok.head)).expect(404);
      const asChair = await steps.get(tok.chair, b.id);
      expect(asChair.access).toBe('owner');
      expect(asChair.timeline.at(-1)).toMatchObject({
        kind: 'handover',
        data: { withCaseId: a.id, toUserId: ids.user('chair@oak.example') },
      });
      expect((await steps.get(tok.chair, a.id)).mergedReports.map((m: CaseBody) => m.id)).toEqual([
        b.id,
      ]);
      // B's reporter keeps their view.
      expect((await steps.get(tok.staff2, b.id)).access).toBe('reporter');
    });
  });

  describe('refusals', () => {
    it('refuses a case into itself, a closed case and different procedures; takes an untriaged report', async () => {
      const a = await file('staff');
      await steps.triage(tok.head, a.id, 'conduct_breach');
      expectCode(await merge('head', a.id, a.id), 409, 'CASE_MERGE_SAME_CASE');

      const closed = await file('staff');
      await steps.moveOk(tok.head, closed.id, {
        to: 'closed',
        classification: 'conduct_breach',
        rationale: 'Withdrawn.',
      });
      expectCode(await merge('head', a.id, closed.id), 409, 'CASE_MERGE_CLOSED');
      expectCode(await merge('head', closed.id, a.id), 409, 'CASE_MERGE_CLOSED');

      const parent = await file('staff', {
        type: 'online_abuse',
        clauseCodes: [],
        subjectRelationship: 'parent',
        subjectName: 'A parent',
      });
      await steps.triage(tok.head, parent.id, 'online_abuse');
      const mismatch = await merge('head', a.id, parent.id);
      expectCode(mismatch, 409, 'CASE_MERGE_TRACK_MISMATCH');
      expect(mismatch.body.message).toContain('different procedures');
      // An untriaged case takes no triaged report: triage it first.
      const fresh = await file('staff');
      expectCode(await merge('head', fresh.id, a.id), 409, 'CASE_MERGE_TRACK_MISMATCH');
      // An untriaged report joins the case's procedure.
      expect((await merge('head', a.id, fresh.id)).status).toBe(200);
    });

    it("answers 404 for another school's case or one the caller cannot see, 403 to a non-owner", async () => {
      const a = await file('staff');
      const elm = (
        await fileReport(
          t,
          tok.headElm,
          baseReport(ids.school.ELM, {
            type: 'online_abuse',
            clauseCodes: [],
            subjectRelationship: 'parent',
            subjectName: 'A parent',
          }),
        ).expect(201)
      ).body as CaseBody;
      expect((await merge('head', a.id, elm.id)).status).toBe(404);
      expect((await merge('headElm', elm.id, a.id)).status).toBe(404);
      // A report about the head is the chair's: the head cannot see it, nor merge it.
      const aboutHead = await file('staff', { aboutHeadteacher: 'yes', subjectName: 'The head' });
      expect((await merge('head', a.id, aboutHead.id)).status).toBe(404);
      expect((await merge('chair', aboutHead.id, a.id)).status).toBe(404);
      // The reporter may see their report, but merging is the owner's move.
      expect((await merge('staff', a.id, a.id)).status).toBe(403);
    });
  });

  describe('retention', () => {
    it("deletes B with A when A's retention ends, and a hold on B holds both", async () => {
      const run = () => t.app.get(RetentionDeletionService).runOnce();
      const exists = (id: string) => t.dataSource.getRepository(CaseRecord).existsBy({ id });
      const a = await file('staff');
      const b = await file('staff2', {}, [{ name: 'b.png', bytes: png(17, 5) }]);
      await steps.triage(tok.head, a.id, 'conduct_breach');
      expect((await merge('head', a.id, b.id)).status).toBe(200);
      const hold = (
        await steps
          .post(tok.head, `/api/v1/cases/${b.id}/legal-holds`, { reason: 'Tribunal 2026/9' })
          .expect(201)
      ).body as CaseBody;
      await steps.moveOk(tok.head, a.id, { to: 'closed', rationale: 'Dealt with informally.' });
      // The school's schedule for a conduct breach: six years after closing.
      clock.set('2032-11-22T10:00:00.000Z');
      await signInAll();
      // Held: no notice, no deletion, however long it waits.
      await run();
      clock.advanceDays(10);
      await signInAll();
      await run();
      expect([await exists(a.id), await exists(b.id)]).toEqual([true, true]);
      await steps
        .post(tok.head, `/api/v1/cases/${b.id}/legal-holds/${hold.id}/lift`, { reason: 'Settled' })
        .expect(200);
      await run(); // the owner is told
      clock.advanceDays(10);
      await run();
      expect([await exists(a.id), await exists(b.id)]).toEqual([false, false]);
      const tombstone = await t.dataSource
        .getRepository(AuditEntry)
        .findOneByOrFail({ targetId: b.id, action: 'case.deleted_under_retention' });
      expect(JSON.parse(tombstone.detail)).toMatchObject({
        reference: b.reference,
        mergedIntoCaseId: a.id,
        counts: { evidence: 1 },
      });
    });
  });
});
