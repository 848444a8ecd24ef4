import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { TransactionRunner } from '../../src/common/database/transaction-runner.js';
import { onPostgres } from '../support/test-database.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

describe('audit chain', () => {
  let t: TestApp;
  let head: string;
  beforeAll(async () => {
    t = await createTestApp();
    head = await t.login('head@oak.example');
    for (const email of ['staff@oak.example', 'staff2@oak.example', 'hr@council.example']) {
      await t.login(email);
    }
  });
  afterAll(() => t.close());

  it('verifies an intact chain', async () => {
    const res = await request(t.http).get('/api/v1/audit/verify').set(bearer(head)).expect(200);
    expect(res.body).toEqual({ ok: true, entries: expect.any(Number) });
    expect(res.body.entries).toBeGreaterThanOrEqual(5);
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

  it('fails at the entry that was edited directly in the database', async () => {
    const middle = 3;
    const tamper = `UPDATE audit_entry SET "action" = 'auth.logout' WHERE seq = ${middle}`;
    if (onPostgres()) {
      await t.dataSource.query(tamper);
    } else {
      // Straight into the SQLite file, as someone with disk access would.
      const file = new Database(t.config.sqlitePath);
      file.exec(tamper);
      file.close();
    }
    const res = await request(t.http).get('/api/v1/audit/verify').set(bearer(head)).expect(200);
    expect(res.body).toEqual({ ok: false, entries: middle - 1, firstBrokenSeq: middle });
  });
});
