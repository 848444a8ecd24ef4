/**
 * The retention deletion job under faults (issue 15 item 3), in the built app: killed with
 * SIGKILL half-way through a run and restarted, and its tombstones through backup and restore.
 *
 * The cases are prepared in-process with a clock a month back, so that by the real clock the
 * spawned app reads they are past their retention and their deletion notice is old enough.
 * The kill is placed with a test-only hook, TEST_RETENTION_PAUSE_MS (refused in production):
 * the app runs the job as it starts and holds each case's deletion half-done (its rows deleted,
 * the case row, tombstone and commit to come) for that long. A kill timed from outside would
 * mostly land between two cases' transactions, where there is nothing half-done to lose.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FixedClock } from '../../src/common/clock/clock.js';
import { londonDate } from '../../src/common/clock/london-time.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { RetentionDeletionService } from '../../src/records/retention-deletion.service.js';
import { CaseSteps, type CaseBody } from '../support/case-steps.js';
import { baseReport, fileReport, demoIds } from '../support/demo.js';
import { evidenceStoreEnv, storedObjects } from '../support/evidence-store.js';
import { killHard, loginAt, waitFor } from '../support/faults-app.js';
import { countRows, openDb } from '../support/faults-probe.js';
import { png } from '../support/sample-files.js';
import { requireBuild, ROOT, type Running, startApp } from '../support/spawned-app.js';
import { bearer, createTestApp } from '../support/test-app.js';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const CLI = resolve(ROOT, 'dist/src/cli/main.js');
const TOMBSTONE = `"action" = 'case.deleted_under_retention'`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function envFor(db: TestDatabase, dataDir = db.dataDir): Promise<Record<string, string>> {
  return {
    DATA_DIR: dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...(await evidenceStoreEnv(dataDir)),
  };
}

async function getJson(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as CaseBody;
}

/** The case ids the hook has paused on so far, in order, from the app's log lines. */
function pausedOn(output: string): string[] {
  return [...output.matchAll(/retention test pause: case ([0-9a-f-]{36})/g)].map((m) => m[1]);
}

describe('retention deletion faults (the built app)', () => {
  let source: TestDatabase;
  let target: TestDatabase | undefined;
  let app: Running | undefined;
  let scratch: string;
  const cases: { id: string; reference: string; shot: Buffer }[] = [];
  let hrFile: string;
  /** A session opened at today's time, for reading from the built app while a deletion is held. */
  let headToday = '';
  let deletedAt: string;

  beforeAll(async () => {
    requireBuild();
    scratch = mkdtempSync(join(tmpdir(), 'retention-faults-'));
    // A month back: the notices given then are well over five working days old today.
    const clock = new FixedClock(new Date(Date.now() - 30 * 86_400_000));
    const t = await createTestApp({ clock });
    source = t.database;
    const steps = new CaseSteps(t, clock);
    const ids = await demoIds(t);
    const staff = await t.login('staff@oak.example');
    const head = await t.login('head@oak.example');
    const today = londonDate(clock.now());
    for (let i = 0; i < 3; i++) {
      const shot = png(17 + i, 19);
      const c = (
        await fileReport(t, staff, baseReport(ids.school.OAK, { safeguarding: true }), [
          { name: 'shot.png', bytes: shot },
        ]).expect(201)
      ).body as CaseBody;
      await steps.referral(head, c.id, 'lado', `LADO-${i}`);
      await steps.triage(head, c.id, 'harm_threshold');
      await steps.moveOk(head, c.id, {
        to: 'outcome',
        finding: 'malicious',
        sanction: 'none',
        rationale: 'Made up.',
        governorSummary: 'An allegation was found to be malicious.',
        ladoAgreedFinding: true,
        subjectInformedAt: today,
        parentsInformedAt: today,
      });
      if (i === 0) {
        const pdf = await request(t.http)
          .get(`/api/v1/cases/${c.id}/case-file.pdf?variant=hr`)
          .set(bearer(head))
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (x: Buffer) => chunks.push(x));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .expect(200);
        hrFile = sha256(pdf.body as Buffer);
      }
      await steps.moveOk(head, c.id, { to: 'closed' });
      cases.push({ id: c.id, reference: c.reference, shot });
    }
    expect((await t.app.get(RetentionDeletionService).runOnce()).noticed).toBe(3);
    await t.app.get(JobQueue).drained();
    // Signing in on the built app itself would wait its turn behind the held deletions.
    clock.set(new Date());
    headToday = await t.login('head@oak.example');
    await t.app.close(); // the database stays for the built app
  }, 120_000);

  afterAll(async () => {
    if (app) await killHard(app);
    await source?.drop();
    await target?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('killed half-way through a deletion: nothing half-deleted is seen, and the next run finishes', async () => {
    const probe = await openDb(source.dataDir, source.databaseUrl);
    try {
      /** What another reader (an operator, another instance, a backup) sees of one case. */
      const seen = async (id: string) => ({
        case: await countRows(probe, 'case_record', `"id" = '${id}'`),
        events: await countRows(probe, 'case_event', `"caseId" = '${id}'`),
        evidence: await countRows(probe, 'evidence_item', `"caseId" = '${id}'`),
        tombstones: await countRows(probe, 'audit_entry', `${TOMBSTONE} AND "targetId" = '${id}'`),
      });
      const before = new Map<string, Awaited<ReturnType<typeof seen>>>();
      for (const c of cases) before.set(c.id, await seen(c.id));
      const whole = (c: (typeof cases)[number]) => before.get(c.id);
      const gone = { case: 0, events: 0, evidence: 0, tombstones: 1 };
      for (const c of cases)
        expect(before.get(c.id)).toEqual({
          case: 1,
          events: expect.any(Number),
          evidence: 1,
          tombstones: 0,
        });

      // Each case is held this long: long enough to look at the held one on a busy machine.
      // Not waiting for healthy: while a case is held the database check times out, so the
      // app is healthy only between cases, and the first such moment may come after the second.
      app = await startApp(
        { ...(await envFor(source)), TEST_RETENTION_PAUSE_MS: '12000' },
        { until: 'answering' },
      );
      const running = app;
      // Signed in on this app (its sessions are its own); the sign-in waits its turn behind
      // the first held deletion.
      // The first case deleted and committed; the second held half-done.
      await waitFor(
        'the job to hold its second case',
        () => pausedOn(running.output()).length >= 2,
        60000,
      );
      const [first, second] = pausedOn(running.output()).map((id) =>
        cases.find((c) => c.id === id)!,
      );
      expect(await seen(first.id)).toEqual(gone);
      // Its rows are deleted inside the open transaction: outside it the case is still whole.
      expect(await seen(second.id)).toEqual(whole(second));
      await killHard(running);
      app = undefined;

      // After the kill, the half-done deletion was never committed: the case is whole.
      expect(await seen(second.id)).toEqual(whole(second));
      const third = cases.find((c) => c !== first && c !== second)!;
      expect(await seen(third.id)).toEqual(whole(third));
      expect((await storedObjects(source.dataDir)).map((o) => o.path.split('/').pop())).toEqual(
        expect.arrayContaining([sha256(second.shot), sha256(third.shot)]),
      );

      // The next run (here, at the restart) deletes the rest, once each.
      app = await startApp(
        { ...(await envFor(source)), TEST_RETENTION_PAUSE_MS: '3000' },
        { until: 'answering' },
      );
      const restarted = app;
      // The app's own read of a case held half-deleted does not see inside that transaction
      // (on SQLite it shares the one connection): it answers the whole case or, once the
      // deletion commits, 404; never a case with no timeline and no evidence.
      await waitFor(
        'the restarted job to hold a case',
        () => pausedOn(restarted.output()).length >= 1,
        30000,
      );
      const held = pausedOn(restarted.output())[0];
      const read = await fetch(`${restarted.url}/api/v1/cases/${held}`, {
        headers: { authorization: `Bearer ${headToday}` },
      });
      if (read.status === 200) {
        const body = (await read.json()) as CaseBody;
        expect((body.timeline as unknown[]).length).toBeGreaterThan(0);
        expect(body.evidence as unknown[]).toHaveLength(1);
      } else expect(read.status).toBe(404);
      await waitFor(
        'the next run to finish',
        () => /retention test run: 0 notices, 2 deleted/.test(restarted.output()),
        30000,
      );
      for (const c of cases) expect(await seen(c.id)).toEqual(gone);
      expect(await countRows(probe, 'audit_entry', TOMBSTONE)).toBe(3);
      const stored = (await storedObjects(source.dataDir)).map((o) => o.path.split('/').pop());
      for (const c of cases) expect(stored).not.toContain(sha256(c.shot));
    } finally {
      await probe.close();
    }

    const head = await loginAt(app.url, 'head@oak.example');
    expect(await getJson(`${app.url}/api/v1/audit/verify`, head)).toMatchObject({ ok: true });
    const verdict = await getJson(`${app.url}/api/v1/documents/verify?sha256=${hrFile}`, head);
    expect(verdict).toMatchObject({
      genuine: true,
      caseReference: cases[0].reference,
      variant: 'hr',
      deletedUnderRetentionAt: expect.any(String),
    });
    deletedAt = verdict.deletedUnderRetentionAt as string;
    for (const c of cases) {
      const res = await fetch(`${app.url}/api/v1/cases/${c.id}`, {
        headers: { authorization: `Bearer ${head}` },
      });
      expect(res.status).toBe(404);
    }
  }, 120_000);

  it('keeps the tombstones through backup and restore into a fresh data directory', async () => {
    expect(app).toBeDefined();
    const snapshot = join(scratch, 'snapshot');
    const backup = await runCli(['backup', snapshot], await envFor(source));
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    await app!.stop();
    app = undefined;

    target = await createTestDatabase();
    const restoredDir = join(target.dataDir, 'restored');
    const restore = await runCli(['restore', snapshot], await envFor(target, restoredDir));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/audit: +chain verified/);

    app = await startApp(await envFor(target, restoredDir));
    const probe = await openDb(restoredDir, target.databaseUrl);
    try {
      expect(await countRows(probe, 'audit_entry', TOMBSTONE)).toBe(3);
      for (const c of cases)
        expect(await countRows(probe, 'case_record', `"id" = '${c.id}'`)).toBe(0);
    } finally {
      await probe.close();
    }
    const head = await loginAt(app.url, 'head@oak.example');
    expect(await getJson(`${app.url}/api/v1/audit/verify`, head)).toMatchObject({ ok: true });
    expect(await getJson(`${app.url}/api/v1/documents/verify?sha256=${hrFile}`, head)).toEqual({
      genuine: true,
      caseReference: cases[0].reference,
      variant: 'hr',
      deletedUnderRetentionAt: deletedAt,
    });
    await app.stop();
    app = undefined;
  }, 120_000);
});
