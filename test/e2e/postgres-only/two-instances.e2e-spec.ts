import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { In } from 'typeorm';
import { JobQueue } from '../../../src/platform/queue/job-queue.js';
import { CaseRecord } from '../../../src/cases/case.entity.js';
import { OverdueReminders } from '../../../src/cases/overdue-reminders.js';
import { ReminderSent } from '../../../src/cases/reminder-sent.entity.js';
import { png } from '../../support/sample-files.js';
import { Notification } from '../../../src/notifications/notification.entity.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../../support/demo.js';
import { onPostgres } from '../../support/test-database.js';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../../support/test-app.js';

/**
 * Two app instances on one PostgreSQL database and one data directory, as README "PostgreSQL"
 * describes: nothing that matters may live in one process's memory. Runs only in the
 * PostgreSQL pass of scripts/test.sh (SQLite means a single app process).
 */
describe('two instances sharing one PostgreSQL and one evidence directory', () => {
  let a: TestApp;
  let b: TestApp;
  let ids: DemoIds;

  beforeAll(async () => {
    if (!onPostgres()) throw new Error('this file runs on PostgreSQL only (TEST_DATABASE_URL)');
    a = await createTestApp();
    b = await createTestApp({ shareWith: a });
    ids = await demoIds(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('shares sessions: signed in on one, signed out on the other', async () => {
    const token = await a.login('staff@oak.example');
    await request(b.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await request(b.http).post('/api/v1/auth/logout').set(bearer(token)).expect(204);
    await request(a.http).get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });

  it('shares failed-login counts, so alternating instances does not dodge the throttle', async () => {
    for (let i = 0; i < 5; i++) {
      await request((i % 2 ? a : b).http)
        .post('/api/v1/auth/login')
        .send({ email: 'chair@elm.example', password: `wrong${i}` })
        .expect(401);
    }
    await request(a.http)
      .post('/api/v1/auth/login')
      .send({ email: 'chair@elm.example', password: DEMO_PASSWORD })
      .expect(429);
    await request(b.http)
      .post('/api/v1/auth/login')
      .send({ email: 'chair@elm.example', password: DEMO_PASSWORD })
      .expect(429);
  });

  it('numbers reports filed through both at once without gaps or repeats, and both serve the evidence', async () => {
    const staff = await a.login('staff2@oak.example');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        fileReport(
          i % 2 ? a : b,
          staff,
          baseReport(ids.school.OAK, { description: `Two-instance report ${i}.` }),
          [{ name: 's.png', bytes: png(5 + i, 5) }],
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = results
      .map((r) => Number((r.body.reference as string).split('-')[2]))
      .sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.at(-1)! - numbers[0]).toBe(11);
    const head = await b.login('head@oak.example');
    const evidenceId = results[1].body.evidence[0].id as string; // filed through instance a
    await request(b.http)
      .get(`/api/v1/evidence/${evidenceId}/content`)
      .set(bearer(head))
      .expect(200);
  });

  it('sends each overdue reminder once even when both instances run the job at the same moment', async () => {
    const staff = await a.login('staff@oak.example');
    const filed = await fileReport(
      a,
      staff,
      baseReport(ids.school.OAK, { safeguarding: true }),
    ).expect(201);
    // Make it overdue: both the triage and the LADO deadline passed a day ago.
    await a.dataSource.getRepository(CaseRecord).update(
      { id: filed.body.id },
      {
        reportedAt: new Date(Date.now() - 10 * 86_400_000),
        dueAt: new Date(Date.now() - 86_400_000),
      },
    );
    const claims = a.dataSource.getRepository(ReminderSent);
    const claimedBefore = await claims.count();
    const [fromA, fromB] = await Promise.all([
      a.app.get(OverdueReminders).runOnce(),
      b.app.get(OverdueReminders).runOnce(),
    ]);
    // Each reminder sent rests on one claim (a claim with nobody to tell sends nothing), and the
    // unique claim is what stops the other instance sending it again.
    expect(fromA + fromB).toBeGreaterThan(0);
    expect(fromA + fromB).toBeLessThanOrEqual((await claims.count()) - claimedBefore);
    const missed = await claims.find({ where: { caseId: filed.body.id } });
    const missedKeys = missed.map((r) => r.clock).filter((k) => k.startsWith('due:'));
    expect(missedKeys).toEqual(expect.arrayContaining(['due:triage', 'due:lado']));
    const notices = await a.dataSource
      .getRepository(Notification)
      .find({ where: { caseId: filed.body.id, kind: 'overdue_reminder' } });
    // The owning DSL hears once per missed deadline, whichever instance claimed it.
    expect(notices).toHaveLength(missedKeys.length);
    const [againA, againB] = await Promise.all([
      a.app.get(OverdueReminders).runOnce(),
      b.app.get(OverdueReminders).runOnce(),
    ]);
    expect(againA + againB).toBe(0);
  });

  it('keeps each recurring job as one schedule however many instances register it', async () => {
    const rows: { name: string }[] = await a.dataSource.query(
      `SELECT name FROM pgboss.schedule ORDER BY name`,
    );
    expect(rows.map((r) => r.name)).toEqual([
      'auth.prune-sign-in-rows',
      'cases.overdue-reminders',
      'documents.case-file-render-prune',
      'evidence.nightly-sweep',
      'records.retention-deletion',
      'records.subject-access-reminders',
      'schools.policy-review-reminders',
    ]);
  });

  it('mails each notice once although both instances work the mail queue', async () => {
    const staff = await b.login('staff2@oak.example');
    const filed = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        fileReport(i % 2 ? a : b, staff, baseReport(ids.school.OAK)).expect(201),
      ),
    );
    await a.app.get(JobQueue).drained();
    const notices = await a.dataSource
      .getRepository(Notification)
      .find({ where: { caseId: In(filed.map((f) => f.body.id as string)) } });
    expect(notices).toHaveLength(12);
    expect(notices.every((n) => n.mailedAt !== null)).toBe(true);
    const mbox = readFileSync(join(a.config.dataDir, 'outbox.mbox'), 'utf8');
    for (const n of notices) {
      expect(mbox.split(`Message-ID: <notice-${n.id}@`).length - 1).toBe(1);
    }
  });

  it('keeps one unbroken audit chain across both', async () => {
    const head = await a.login('head@oak.example');
    expect(
      (await request(b.http).get('/api/v1/audit/verify').set(bearer(head)).expect(200)).body.ok,
    ).toBe(true);
  });
});
