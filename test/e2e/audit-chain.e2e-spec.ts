import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { onPostgres } from '../support/test-database.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

describe('audit chain', () => {
  let t: TestApp;
  let head: string;
  let headElm: string;
  let staff: string;
  let ids: DemoIds;
  const verify = async (token: string) =>
    (await request(t.http).get('/api/v1/audit/verify').set(bearer(token)).expect(200)).body;
  const report = (aboutHeadteacher: 'yes' | 'no') =>
    fileReport(t, staff, baseReport(ids.school.OAK, { aboutHeadteacher })).expect(201);

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
    head = await t.login('head@oak.example');
    headElm = await t.login('head@elm.example');
    staff = await t.login('staff@oak.example');
    for (const email of ['staff2@oak.example', 'hr@council.example']) await t.login(email);
  });
  afterAll(() => t.close());

  it("verifies an intact chain and counts the caller's own school's entries only", async () => {
    const before = { oak: await verify(head), elm: await verify(headElm) };
    expect(before.oak).toEqual({ ok: true, entries: expect.any(Number) });
    await report('no');
    await report('no');
    const after = { oak: await verify(head), elm: await verify(headElm) };
    expect(after.oak).toEqual({ ok: true, entries: before.oak.entries + 2 });
    // Another school's activity is not another school's business.
    expect(after.elm).toEqual(before.elm);
  });

  it('does not let a head watch a case about her being worked on', async () => {
    const before = await verify(head);
    await report('yes');
    expect(await verify(head)).toEqual(before);
  });

  it('is for heads and admins only', async () => {
    const staff = await t.login('staff@elm.example');
    const res = await request(t.http).get('/api/v1/audit/verify').set(bearer(staff)).expect(403);
    expect(res.body.code).toBe('ROLE_FORBIDDEN');
  });

  it('keeps every entry when 50 writes run at once and 10 fail half-way', async () => {
    const audit = t.app.get(AuditService);
    const transactions = t.app.get(TransactionRunner);
    const before = await t.dataSource.getRepository(AuditEntry).count();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        transactions.run(async (em) => {
          await audit.append(em, { actorId: null, action: 'test.write', detail: { i } });
          await new Promise((resolve) => setTimeout(resolve, i % 3));
          if (i % 5 === 0) throw new Error(`write ${i} fails after its first statement`);
          await audit.append(em, { actorId: null, action: 'test.write.second', detail: { i } });
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    const entries = await t.dataSource.getRepository(AuditEntry).find({ order: { seq: 'ASC' } });
    expect(entries.length - before).toBe(80);
    const survivors = entries
      .filter((e) => e.action === 'test.write')
      .map((e) => JSON.parse(e.detail).i);
    expect(survivors.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 5 !== 0),
    );
    expect(await audit.verify()).toEqual({ ok: true, entries: entries.length });
  });

  it('catches the newest entries being deleted when given an anchor', async () => {
    const audit = t.app.get(AuditService);
    const anchor = (await audit.head())!;
    expect(await audit.verify(anchor)).toEqual({ ok: true, entries: anchor.seq });
    await t.dataSource.query(`DELETE FROM audit_entry WHERE seq >= ${anchor.seq - 1}`);
    expect((await audit.verify()).ok).toBe(true); // the shortened chain is still self-consistent
    const verdict = await audit.verify(anchor);
    expect(verdict).toMatchObject({ ok: false, firstBrokenSeq: anchor.seq - 1 });
    const res = await request(t.http)
      .get(`/api/v1/audit/verify?anchorSeq=${anchor.seq}&anchorHash=${anchor.hash}`)
      .set(bearer(head))
      .expect(200);
    expect(res.body.ok).toBe(false);
  });

  it('fails at the entry that was edited directly in the database, naming it only to its school', async () => {
    await report('no');
    const [{ seq: middle }] = await t.dataSource.query(
      `SELECT MAX(seq) AS seq FROM audit_entry WHERE "action" = 'case.reported'`,
    );
    const tamper = `UPDATE audit_entry SET "action" = 'auth.logout' WHERE seq = ${middle}`;
    if (onPostgres()) {
      await t.dataSource.query(tamper);
    } else {
      // Straight into the SQLite file, as someone with disk access would.
      const file = new Database(t.config.sqlitePath);
      file.exec(tamper);
      file.close();
    }
    expect(await verify(head)).toEqual({
      ok: false,
      entries: expect.any(Number),
      firstBrokenSeq: Number(middle),
    });
    expect(await verify(headElm)).toEqual({ ok: false, entries: expect.any(Number) });
    // Unscoped (restore, the CLI): the whole chain up to the break.
    expect(await t.app.get(AuditService).verify()).toEqual({
      ok: false,
      entries: Number(middle) - 1,
      firstBrokenSeq: Number(middle),
    });
  });
});
