import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { png } from '../support/sample-files.js';
import { baseReport } from '../support/demo.js';
import { evidenceStoreEnv, storedObjects } from '../support/evidence-store.js';
import { requireBuild, ROOT, Running, startApp } from '../support/spawned-app.js';
import { DEMO_PASSWORD } from '../support/test-app.js';
import { createTestDatabase, onPostgres, TestDatabase } from '../support/test-database.js';

const CLI = resolve(ROOT, 'dist/src/cli/main.js');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI run without blocking this process (runCli's spawnSync would), so that reports keep
 * being filed from here while a backup runs.
 */
function runCliAsync(args: string[], env: Record<string, string>): Promise<Exited> {
  return new Promise((done, fail) => {
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

/** Each data directory has its own evidence store (a bucket of its own in the S3 pass). */
async function envFor(db: TestDatabase, dataDir = db.dataDir): Promise<Record<string, string>> {
  return {
    DATA_DIR: dataDir,
    // One person files as fast as they can here, to load the backup; the per-person limit has
    // its own test (sign-in-throttle.e2e-spec.ts).
    REPORTS_PER_HOUR: '1000000',
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...(await evidenceStoreEnv(dataDir)),
  };
}

async function login(url: string, email: string): Promise<{ token: string; schoolId: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    accessToken: string;
    user: { memberships: { schoolId: string }[] };
  };
  return { token: body.accessToken, schoolId: body.user.memberships[0].schoolId };
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface CaseBody {
  id: string;
  reference: string;
  status: string;
  version: number;
  evidence: { id: string; sha256: string }[];
}

/** Files a report the way the web form does: multipart, with one PNG screenshot. */
async function fileReport(
  url: string,
  token: string,
  schoolId: string,
  shot: Buffer,
): Promise<CaseBody> {
  const form = new FormData();
  for (const [key, value] of Object.entries(baseReport(schoolId))) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
  }
  form.append('evidence', new Blob([shot], { type: 'image/png' }), 'screenshot.png');
  const res = await fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CaseBody;
}

async function allCases(url: string, token: string): Promise<CaseBody[]> {
  const cases: CaseBody[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await getJson<{ items: CaseBody[]; nextCursor: string | null }>(
      `${url}/api/v1/cases?limit=100${query}`,
      token,
    );
    cases.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return cases;
}

/** Distinct screenshots: the store keeps identical bytes once, and each case needs its own. */
let shotCounter = 0;
const nextShot = () => png(8 + (shotCounter % 60), 8 + Math.floor(shotCounter++ / 60));

async function tableCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe('backup and restore', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let app: Running | undefined;
  let scratch: string;
  let snapshot: string;
  /** The hash uploaded with each case, by reference, as the source app answered. */
  const uploaded = new Map<string, string>();

  beforeAll(async () => {
    requireBuild();
    source = await createTestDatabase();
    target = await createTestDatabase();
    scratch = mkdtempSync(join(tmpdir(), 'cases-backup-'));
    snapshot = join(scratch, 'snapshot');
    app = await startApp(await envFor(source));
  });
  afterAll(async () => {
    await app?.stop();
    await source?.drop();
    await target?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses to write a snapshot into a non-empty directory', async () => {
    const occupied = join(scratch, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'keep me');
    const result = await runCliAsync(['backup', occupied], await envFor(source));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not empty/);
    expect(readdirSync(occupied)).toEqual(['notes.txt']);
  });

  it('takes a consistent snapshot while reports are being filed, and restores every case, file and audit entry', async () => {
    const running = app as Running;
    const staff = await login(running.url, 'staff@oak.example');
    const head = await login(running.url, 'head@oak.example');
    const before: CaseBody[] = [];
    for (let i = 0; i < 3; i++) {
      const shot = nextShot();
      const filed = await fileReport(running.url, staff.token, staff.schoolId, shot);
      expect(filed.evidence.map((e) => e.sha256)).toEqual([sha256(shot)]);
      uploaded.set(filed.reference, sha256(shot));
      before.push(filed);
    }
    const moved = await fetch(`${running.url}/api/v1/cases/${before[0].id}/transitions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${head.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        to: 'investigating',
        version: before[0].version,
        classification: 'conduct_breach',
        note: 'Starting',
      }),
    });
    expect(moved.status).toBe(200);

    // Four filers keep reports arriving until the backup has finished, so it runs under load.
    let backupRunning = true;
    let filedDuringBackup = 0;
    const filer = async () => {
      while (backupRunning) {
        const shot = nextShot();
        const filed = await fileReport(running.url, staff.token, staff.schoolId, shot);
        uploaded.set(filed.reference, sha256(shot));
        if (backupRunning) filedDuringBackup++;
      }
    };
    const filers = [filer(), filer(), filer(), filer()];
    await new Promise((r) => setTimeout(r, 150));
    const backup = await runCliAsync(['backup', snapshot], await envFor(source)).finally(() => {
      backupRunning = false;
    });
    await Promise.all(filers);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/cases: +\d+/);
    expect(filedDuringBackup).toBeGreaterThan(0);

    const manifest = JSON.parse(readFileSync(join(snapshot, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      formatVersion: 1,
      engine: onPostgres() ? 'postgres' : 'sqlite',
      appVersion: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    });
    const after = await fileReport(running.url, staff.token, staff.schoolId, nextShot());
    const sourceCases = await allCases(running.url, head.token);
    expect(manifest.counts.cases).toBeGreaterThanOrEqual(before.length);
    expect(manifest.counts.cases).toBeLessThan(sourceCases.length);
    // Only counts, hashes and migration names: nothing from the reports themselves.
    expect(JSON.stringify(manifest)).not.toMatch(/Tom Reed|Facebook|@oak\.example/);
    expect(backup.stdout).not.toMatch(/Tom Reed|OAK-\d{4}/);

    await running.stop();
    app = undefined;

    const restoredDir = join(target.dataDir, 'restored');
    const restore = await runCliAsync(['restore', snapshot], await envFor(target, restoredDir));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/audit: +chain verified/);

    app = await startApp(await envFor(target, restoredDir));
    const restoredHead = await login(app.url, 'head@oak.example');
    const restored = await allCases(app.url, restoredHead.token);
    const references = restored.map((c) => c.reference);
    // Exactly the snapshot's cases: every case filed before it, none it never saw.
    expect(restored).toHaveLength(manifest.counts.cases);
    expect(references).toEqual(expect.arrayContaining(before.map((c) => c.reference)));
    const sourceReferences = new Set(sourceCases.map((c) => c.reference));
    expect(references.every((r) => sourceReferences.has(r))).toBe(true);
    expect(references).not.toContain(after.reference);
    expect(restored.find((c) => c.id === before[0].id)?.status).toBe('investigating');

    // Every restored case has its own screenshot, byte for byte.
    for (const listed of restored) {
      const detail = await getJson<CaseBody>(
        `${app.url}/api/v1/cases/${listed.id}`,
        restoredHead.token,
      );
      expect(detail.evidence.map((e) => e.sha256)).toEqual([uploaded.get(detail.reference)]);
      const content = await fetch(`${app.url}/api/v1/evidence/${detail.evidence[0].id}/content`, {
        headers: { Authorization: `Bearer ${restoredHead.token}` },
      });
      expect(content.status).toBe(200);
      expect(sha256(Buffer.from(await content.arrayBuffer()))).toBe(detail.evidence[0].sha256);
      expect(manifest.evidence).toContain(detail.evidence[0].sha256);
    }
    expect(
      await getJson<{ ok: boolean }>(`${app.url}/api/v1/audit/verify`, restoredHead.token),
    ).toMatchObject({ ok: true });
    await app.stop();
    app = undefined;
  }, 180_000);

  it('refuses to restore over existing data unless --force, which moves it aside', async () => {
    const restoredDir = join(target.dataDir, 'restored');
    const refused = await runCliAsync(['restore', snapshot], await envFor(target, restoredDir));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds data.*--force/s);

    const forced = await runCliAsync(
      ['restore', snapshot, '--force'],
      await envFor(target, restoredDir),
    );
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    const aside = readdirSync(restoredDir).filter((n) => n.startsWith('pre-restore-'));
    expect(aside).toHaveLength(1);
    const kept = readdirSync(join(restoredDir, aside[0]));
    expect(kept).toEqual(
      expect.arrayContaining(['evidence', onPostgres() ? 'database.pgdump' : 'cases.sqlite']),
    );
  }, 60_000);

  it('refuses a snapshot whose evidence was altered, and changes nothing', async () => {
    const tampered = join(scratch, 'tampered');
    cpSync(snapshot, tampered, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(tampered, 'manifest.json'), 'utf8')) as {
      evidence: string[];
    };
    const victim = manifest.evidence[0];
    const path = join(tampered, 'evidence', victim.slice(0, 2), victim);
    chmodSync(path, 0o600);
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] ^= 0x01;
    writeFileSync(path, bytes);

    const fresh = await createTestDatabase();
    try {
      const result = await runCliAsync(['restore', tampered], await envFor(fresh));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/damaged or was altered; nothing was restored/);
      expect(result.stderr).toContain(`evidence file ${victim} does not match its SHA-256`);
      expect(existsSync(join(fresh.dataDir, 'cases.sqlite'))).toBe(false);
      expect(await storedObjects(fresh.dataDir)).toEqual([]);
      if (fresh.databaseUrl) expect(await tableCount(fresh.databaseUrl)).toBe(0);
    } finally {
      await fresh.drop();
    }
  });
});
