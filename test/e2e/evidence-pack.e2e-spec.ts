/**
 * The evidence pack (issue 20 item 2): a ZIP of the original evidence files with a manifest,
 * recorded by its hash like a case file. Read back with yauzl and with the system's unzip, on
 * whatever evidence store the run uses (scripts/test.sh runs this file again on S3).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import yauzl from 'yauzl';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { EvidenceItem } from '../../src/cases/evidence-item.entity.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { IssuedDocument } from '../../src/documents/issued-document.entity.js';
import { shardedPath } from '../../src/platform/file-store/store-layout.js';
import { binary } from '../support/binary.js';
import { CaseSteps } from '../support/case-steps.js';
import { onS3 } from '../support/evidence-store.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { jpeg, pdf, png } from '../support/sample-files.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every entry of a ZIP, by name, with its bytes (yauzl checks each entry's CRC-32). */
async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await yauzl.fromBufferPromise(zip, { validateEntrySizes: true });
  const entries = new Map<string, Buffer>();
  for await (const entry of file.eachEntry()) {
    const stream = await file.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  return entries;
}

describe('evidence pack', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok: Record<string, string> = {};
  const clock = new FixedClock('2026-11-16T10:00:00.000Z');
  const uploads = [
    {
      name: 'Jamie Doe in the playground.png',
      bytes: png(40, 30),
      capturedAt: '2026-11-01T19:00:00.000Z',
    },
    { name: 'Mrs Reed abuse.jpg', bytes: jpeg(16, 8), contentType: 'image/jpeg' },
    { name: 'thread.pdf', bytes: pdf(), contentType: 'application/pdf' },
  ];
  let caseId = '';
  let reference = '';

  const pack = (who: string, id = caseId) =>
    binary(request(t.http).get(`/api/v1/cases/${id}/evidence-pack.zip`).set(bearer(tok[who])));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    for (const who of ['staff', 'head', 'dsl']) tok[who] = await t.login(`${who}@oak.example`);
    tok.hr = await t.login('hr@council.example');
    tok.headElm = await t.login('head@elm.example');
    const filed = await fileReport(t, tok.staff, baseReport(ids.school.OAK), uploads).expect(201);
    caseId = filed.body.id;
    reference = filed.body.reference;
    await steps.triage(tok.head, caseId, 'conduct_breach');
    await steps.hrAdvice(tok.head, tok.hr, caseId);
  });
  afterAll(() => t.close());

  it('holds the original files, named by item number and hash, and a manifest of them', async () => {
    const res = await pack('head').expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${reference}-evidence-pack.zip"`,
    );
    const zip = res.body as Buffer;
    expect(Number(res.headers['content-length'])).toBe(zip.length);
    const entries = await unzip(zip);
    // Numbered as in the HR case file: by time received, then id (the three arrived together).
    const rows = await t.dataSource
      .getRepository(EvidenceItem)
      .find({ where: { caseId }, order: { receivedAt: 'ASC', id: 'ASC' } });
    const files = rows.map((r) => uploads.find((f) => sha(f.bytes) === r.sha256)!);
    const names = files.map(
      (f, i) => `0${i + 1}-${sha(f.bytes).slice(0, 12)}.${f.name.split('.').pop()}`,
    );
    expect([...entries.keys()]).toEqual(['manifest.json', 'manifest.csv', ...names]);
    // Byte for byte the originals.
    files.forEach((f, i) => expect(sha(entries.get(names[i])!)).toBe(sha(f.bytes)));

    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      caseReference: reference,
      generatedAt: clock.now().toISOString(),
      generatedBy: expect.any(String),
    });
    expect(manifest.items).toEqual(
      files.map((f, i) => ({
        item: i + 1,
        file: names[i],
        type: f.contentType ?? 'image/png',
        size: f.bytes.length,
        sha256: sha(f.bytes),
        capturedAt: f.capturedAt ?? null,
        receivedAt: clock.now().toISOString(),
        platform: expect.any(String),
        postUrl: expect.anything(),
        addedBy: expect.any(String),
      })),
    );
    const csv = entries.get('manifest.csv')!.toString('utf8').trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      '"item","file","type","size","sha256","capturedAt","receivedAt","platform","postUrl","addedBy"',
    );
    expect(csv).toHaveLength(1 + files.length);
    files.forEach((f, i) => {
      expect(csv[i + 1]).toContain(`"${names[i]}"`);
      expect(csv[i + 1]).toContain(`"${sha(f.bytes)}"`);
    });
    // The names a reporter gave the files can name people: they never travel in the pack.
    const everything = zip.toString('latin1');
    for (const f of uploads) expect(everything).not.toContain(f.name.split('.')[0]);

    // The system's own unzip agrees (listing and CRC test), as a tribunal's tools would.
    const dir = mkdtempSync(join(tmpdir(), 'pack-'));
    try {
      writeFileSync(join(dir, 'pack.zip'), zip);
      const listing = execFileSync('unzip', ['-l', join(dir, 'pack.zip')], { encoding: 'utf8' });
      for (const name of ['manifest.json', 'manifest.csv', ...names])
        expect(listing).toContain(name);
      execFileSync('unzip', ['-tq', join(dir, 'pack.zip')]);
      const original = execFileSync('unzip', ['-p', join(dir, 'pack.zip'), names[0]]);
      expect(sha(original)).toBe(sha(files[0].bytes));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is recorded by its hash before it leaves: audited, and verified as this case’s pack', async () => {
    const zip = (await pack('hr').expect(200)).body as Buffer;
    const hash = sha(zip);
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .find({ where: { action: 'document.downloaded', targetId: caseId } });
    expect(audit.map((a) => JSON.parse(a.detail))).toContainEqual({
      variant: 'evidence_pack',
      sha256: hash,
    });
    const verdict = await request(t.http)
      .get(`/api/v1/documents/verify?sha256=${hash}`)
      .set(bearer(tok.head))
      .expect(200);
    expect(verdict.body).toMatchObject({
      genuine: true,
      caseReference: reference,
      variant: 'evidence_pack',
      generatedAt: clock.now().toISOString(),
    });
    // One byte changed: not genuine.
    const forged = Buffer.from(zip);
    forged[forged.length - 30] ^= 1;
    const fake = await request(t.http)
      .get(`/api/v1/documents/verify?sha256=${sha(forged)}`)
      .set(bearer(tok.head))
      .expect(200);
    expect(fake.body).toEqual({ genuine: false });
  });

  it('is for the owner and HR only: anyone else hears there is no such case', async () => {
    await pack('staff').expect(403); // the reporter: staff may never have a case file
    await pack('dsl').expect(404); // the school's safeguarding lead, not on this case
    await pack('headElm').expect(404); // another school's head
    await pack('head', '00000000-0000-4000-8000-000000000099').expect(404);
    await request(t.http).get(`/api/v1/cases/${caseId}/evidence-pack.zip`).expect(401);
  });

  it('is an empty pack with only the manifest for a case without evidence', async () => {
    const bare = await fileReport(t, tok.staff, baseReport(ids.school.OAK)).expect(201);
    const entries = await unzip((await pack('head', bare.body.id).expect(200)).body as Buffer);
    expect([...entries.keys()]).toEqual(['manifest.json', 'manifest.csv']);
    expect(JSON.parse(entries.get('manifest.json')!.toString('utf8')).items).toEqual([]);
  });

  (onS3() ? it.skip : it)(
    'is refused, and nothing recorded, when a stored file no longer matches its hash',
    async () => {
      const own = png(23, 17); // bytes no other test stores
      const filed = await fileReport(t, tok.staff, baseReport(ids.school.OAK), [
        { name: 'own.png', bytes: own },
      ]).expect(201);
      const stored = shardedPath(join(t.config.dataDir, 'evidence'), sha(own));
      const damaged = Buffer.from(own);
      damaged[damaged.length - 20] ^= 0xff;
      chmodSync(stored, 0o644);
      writeFileSync(stored, damaged);
      const recorded = () =>
        t.dataSource.getRepository(IssuedDocument).countBy({ caseId: filed.body.id });

      const res = await pack('head', filed.body.id).expect(500);
      expect(JSON.parse((res.body as Buffer).toString('utf8'))).toMatchObject({
        code: 'EVIDENCE_MISSING',
      });
      expect(await recorded()).toBe(0);
    },
  );

  it('is linked from the case page next to the HR case file', async () => {
    const page = await request(t.http).get(`/cases/${caseId}`).set(bearer(tok.head)).expect(200);
    expect(page.text).toContain(`href="/api/v1/cases/${caseId}/evidence-pack.zip"`);
  });
});
