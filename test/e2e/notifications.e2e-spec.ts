import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { MODEL_POLICY_CLAUSES } from '../../src/schools/model-policy.js';
import { School } from '../../src/schools/school.entity.js';
import { SchoolsService } from '../../src/schools/schools.service.js';
import { User } from '../../src/users/user.entity.js';
import { UsersService } from '../../src/users/users.service.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { decoded, startSmtpSink } from '../support/smtp-sink.js';
import request from 'supertest';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

describe('notifications over real SMTP', () => {
  let t: TestApp;
  let ids: DemoIds;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cases.example.org' },
    });
    ids = await demoIds(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('mails the owner and the reporter at once, with a link and no case details', async () => {
    const staff = await t.login('staff@oak.example');
    const secretText = 'Pupil Jamie Doe was sent private messages by Tom Reed late at night.';
    const res = await fileReport(
      t,
      staff,
      baseReport(ids.school.OAK, {
        description: secretText,
        subjectName: 'Tom Reed',
        safeguarding: true,
      }),
    ).expect(201);
    // Mail leaves after the response; wait for what was handed over to be sent.
    await t.app.get(JobQueue).drained();
    const toHead = smtp.mails.find((m) => m.to.includes('head@oak.example'));
    const toReporter = smtp.mails.find((m) => m.to.includes('staff@oak.example'));
    expect(toHead).toBeDefined();
    expect(toReporter).toBeDefined();
    expect(toHead!.text).toContain(`https://cases.example.org/cases/${res.body.id}`);
    expect(toReporter!.text).toContain(res.body.reference);
    for (const mail of [toHead!, toReporter!]) {
      for (const detail of [
        'Jamie',
        'Tom Reed',
        'Priya',
        'private messages',
        'SM-05',
        'facebook',
      ]) {
        expect(mail.text).not.toContain(detail);
      }
    }
  });

  it("stores a report for a school with no head and warns the school's admin", async () => {
    const schools = t.app.get(SchoolsService);
    const users = t.app.get(UsersService);
    const hash = await t.app.get(PasswordHasher).hash('demo-pass-2026');
    const ash = await t.app.get(TransactionRunner).run(async (em) => {
      const school = await schools.create(em, 'ASH', 'Ash Academy');
      await schools.publishPolicy(em, school.id, MODEL_POLICY_CLAUSES, null);
      const reporter = await users.create(em, {
        email: 'staff@ash.example',
        name: 'Ash Staff',
        passwordHash: hash,
      });
      const admin = await users.create(em, {
        email: 'admin@ash.example',
        name: 'Ash Admin',
        passwordHash: hash,
      });
      await users.grant(em, reporter.id, school.id, 'staff');
      await users.grant(em, admin.id, school.id, 'admin');
      return { school, admin };
    });
    const token = await t.login('staff@ash.example');
    const res = await fileReport(t, token, baseReport(ash.school.id)).expect(201);
    expect(res.body.reference).toBe('ASH-2026-0001');
    const warning = await t.dataSource
      .getRepository(Notification)
      .findOne({ where: { userId: ash.admin.id, kind: 'no_owner_warning' } });
    expect(warning).not.toBeNull();
    await t.app.get(JobQueue).drained();
    expect(smtp.mails.some((m) => m.to.includes('admin@ash.example'))).toBe(true);
  });

  it("writes each mail in its reader's language: their own choice, else their school's", async () => {
    const chooseLanguage = async (email: string, language: string) =>
      request(t.http)
        .put('/api/v1/auth/me/language')
        .set(bearer(await t.login(email)))
        .send({ language })
        .expect(200);
    const mailsAbout = (to: string, reference: string, caseId: string) =>
      smtp.mails.filter(
        (m) => m.to.includes(to) && (m.text.includes(reference) || m.text.includes(caseId)),
      );
    const staff = await t.login('staff@oak.example');
    try {
      // The head chose Welsh; the reporter follows the school, which speaks English.
      await chooseLanguage('head@oak.example', 'cy');
      const first = await fileReport(t, staff, baseReport(ids.school.OAK)).expect(201);
      await t.app.get(JobQueue).drained();
      const [toHead] = mailsAbout('head@oak.example', first.body.reference, first.body.id);
      const [toReporter] = mailsAbout('staff@oak.example', first.body.reference, first.body.id);
      expect(toHead.text).toMatch(/^Subject: Mae angen i chi roi sylw i adroddiad newydd$/m);
      expect(toHead.text).toContain("Mae adroddiad wedi'i gyflwyno a chi sy'n gyfrifol amdano.");
      expect(toHead.text).toContain(`Agorwch ef: https://cases.example.org/cases/${first.body.id}`);
      // The triage clock, in Welsh words and a date.
      expect(toHead.text).toMatch(
        /mae angen gweithredu ar hyn o fewn 1 diwrnod gwaith \(erbyn \d{1,2} (Ion|Chwef|Maw|Ebr|Mai|Meh|Gorff|Awst|Medi|Hyd|Tach|Rhag) \d{4}, \d{2}:\d{2}\)\. Terfyn amser: Brysbennu \(1 diwrnod gwaith o'r adroddiad\)\./,
      );
      expect(toHead.text).toContain("Er mwyn cyfrinachedd, nid yw'r neges hon yn cynnwys");
      expect(toHead.text).toMatch(/^From: Traciwr achosion yr ysgol </m);
      expect(toHead.text).toMatch(/^Content-Language: cy$/m);
      expect(toReporter.text).toMatch(/^Content-Language: en-GB$/m);
      expect(toHead.text).not.toContain('A report has been filed');
      expect(toReporter.text).toMatch(
        new RegExp(`^Subject: Your report has been received \\(${first.body.reference}\\)$`, 'm'),
      );
      expect(toReporter.text).toContain('Thank you. Your report was received');
      expect(toReporter.text).toContain('For confidentiality this message holds no details.');

      // Now the school speaks Welsh: the reporter, who has not chosen, follows it; the head
      // chose English and keeps it.
      await t.dataSource.getRepository(School).update(ids.school.OAK, { language: 'cy' });
      await chooseLanguage('head@oak.example', 'en');
      const second = await fileReport(t, staff, baseReport(ids.school.OAK)).expect(201);
      await t.app.get(JobQueue).drained();
      const [headAgain] = mailsAbout('head@oak.example', second.body.reference, second.body.id);
      const [receipt] = mailsAbout('staff@oak.example', second.body.reference, second.body.id);
      expect(headAgain.text).toMatch(/^Subject: A new report needs your attention$/m);
      expect(headAgain.text).toMatch(
        /A clock is running: this needs action within 1 working day \(by \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\)\. Deadline: Triage \(1 working day from the report\)\./,
      );
      expect(receipt.text).toMatch(
        new RegExp(
          `^Subject: Mae eich adroddiad wedi dod i law \\(${second.body.reference}\\)$`,
          'm',
        ),
      );
      expect(receipt.text).toContain(`Eich cyfeirnod yw ${second.body.reference}.`);
      expect(receipt.text).toContain('Dilynwch ef yma: https://cases.example.org/reports/mine');
    } finally {
      await t.dataSource.getRepository(School).update(ids.school.OAK, { language: 'en' });
      await chooseLanguage('head@oak.example', 'school');
    }
  });

  it('sends a reset link in the language of the person it is for', async () => {
    await t.dataSource
      .getRepository(User)
      .update({ email: 'staff2@oak.example' }, { language: 'cy' });
    for (const email of ['staff2@oak.example', 'governor@oak.example'])
      await request(t.http).post('/api/v1/auth/password-reset').send({ email }).expect(202);
    await t.app.get(JobQueue).drained();
    const welsh = smtp.mails.find((m) => m.to.includes('staff2@oak.example'))!;
    const english = smtp.mails.find((m) => m.to.includes('governor@oak.example'))!;
    expect(welsh.text).toMatch(
      /^Subject: Ailosod eich cyfrinair ar gyfer traciwr achosion yr ysgol$/m,
    );
    expect(welsh.text).toContain('Dewiswch un newydd yma:');
    expect(welsh.text).toMatch(/\/password\/reset\?token=/);
    expect(english.text).toMatch(/^Subject: Reset your password for the school case tracker$/m);
    expect(english.text).toContain('Choose a new one here:');
    await t.dataSource
      .getRepository(User)
      .update({ email: 'staff2@oak.example' }, { language: null });
  });
});

describe('notifications while the mail server is refusing', () => {
  let t: TestApp;
  let ids: DemoIds;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    smtp = await startSmtpSink({ refuseFirst: 2 });
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cases.example.org' },
    });
    ids = await demoIds(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('keeps the mail as a job, tries again later, and delivers each notice exactly once', async () => {
    const staff = await t.login('staff@oak.example');
    const res = await fileReport(t, staff, baseReport(ids.school.OAK)).expect(201);
    // Both first tries were refused; the retries come 5-10 s later.
    const deadline = Date.now() + 40_000;
    while (smtp.mails.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await t.app.get(JobQueue).drained(30_000);
    const notices = await t.dataSource
      .getRepository(Notification)
      .find({ where: { caseId: res.body.id } });
    expect(notices).toHaveLength(2);
    expect(notices.every((n) => n.mailedAt !== null)).toBe(true);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([
      'head@oak.example',
      'staff@oak.example',
    ]);
    // Each message carries its notice's own Message-ID, once.
    const messageIds = smtp.mails.map((m) => /^Message-ID: (.+)$/im.exec(m.raw)?.[1]?.trim());
    expect(messageIds.sort()).toEqual(
      notices.map((n) => `<notice-${n.id}@cases.example.org>`).sort(),
    );
  }, 60_000);
});

describe('notifications without a mail server', () => {
  let t: TestApp;
  let ids: DemoIds;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'https://cases.example.org' } });
    ids = await demoIds(t);
  });
  afterAll(() => t.close());

  it('appends each message whole to the outbox mbox, with no case details', async () => {
    const staff = await t.login('staff@oak.example');
    const reports = await Promise.all(
      [1, 2, 3].map((n) =>
        fileReport(
          t,
          staff,
          baseReport(ids.school.OAK, {
            description: `Pupil Jamie Doe was sent private messages by Tom Reed (${n}).`,
            subjectName: 'Tom Reed',
          }),
        ).expect(201),
      ),
    );
    await t.app.get(JobQueue).drained();
    const mbox = readFileSync(join(t.config.dataDir, 'outbox.mbox'), 'utf8');
    // Concurrent messages never interleave: the file splits cleanly at its separator lines.
    const entries = mbox.split(/^(?=From no-reply@cases\.example\.org \w{3} \w{3} [ \d]\d )/m);
    expect(entries).toHaveLength(6);
    for (const res of reports) {
      const toHead = entries.find(
        (m) => /^To: head@oak\.example$/m.test(m) && decoded(m).includes(`/cases/${res.body.id}`),
      );
      const toReporter = entries.find((m) => m.includes(`(${res.body.reference})`));
      expect(toHead).toMatch(/^Subject: A new report needs your attention$/m);
      expect(decoded(toHead!)).toContain(`https://cases.example.org/cases/${res.body.id}`);
      expect(toReporter).toMatch(/^To: staff@oak\.example$/m);
    }
    for (const entry of entries) {
      expect(entry).toMatch(/^From: School case tracker <no-reply@cases\.example\.org>$/m);
      expect(entry).toMatch(/^Message-ID: <.+>$/m);
      expect(entry.endsWith('\n\n')).toBe(true);
      for (const detail of ['Jamie', 'Tom Reed', 'private messages', 'facebook'])
        expect(decoded(entry)).not.toContain(detail);
    }
  });
});
