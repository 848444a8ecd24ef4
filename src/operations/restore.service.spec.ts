import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FixedClock } from '../common/clock/clock.js';
import { LocalFileStore } from '../platform/file-store/local-file-store.js';
import { AppConfig } from '../config/app-config.js';
import { png } from '../../test/support/sample-files.js';
import { BackupService } from './backup.service.js';
import { legacyShardedPath, shardedPath } from '../platform/file-store/store-layout.js';
import { createInstall, recordEvidenceRow, storeEvidence } from './operations.fixtures.js';
import { RestoreService } from './restore.service.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const NOW = '2026-11-20T10:00:00.000Z';

describe('RestoreService on SQLite', () => {
  let root: string;
  let snapshot: string;
  let hash: string;
  let into: AppConfig;
  let restores: RestoreService;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'restore-spec-'));
    const source = await createInstall(join(root, 'source'));
    hash = await storeEvidence(source.dataDir, png(10, 10));
    recordEvidenceRow(source, hash);
    snapshot = join(root, 'snapshot');
    await new BackupService(source, new FixedClock(NOW), new LocalFileStore(source.dataDir)).backup(
      snapshot,
    );
    into = AppConfig.fromEnvironment({ DATA_DIR: join(root, 'restored'), LOG_LEVEL: 'error' });
    restores = new RestoreService(into, new FixedClock(NOW), new LocalFileStore(into.dataDir));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const restoredEvidence = () => shardedPath(join(into.dataDir, 'evidence'), hash);

  it('restores the database and the evidence into an empty DATA_DIR and checks them', async () => {
    const summary = await restores.restore(snapshot, { force: false });
    expect(summary).toMatchObject({
      movedAsideTo: null,
      migrationsApplied: [],
      cases: 0,
      evidenceFilesChecked: 1,
      auditEntries: 0,
    });
    expect(sha256(readFileSync(restoredEvidence()))).toBe(hash);
    // The store's own modes: evidence is read-only once stored.
    expect(statSync(restoredEvidence()).mode & 0o777).toBe(0o400);
    expect(existsSync(into.sqlitePath)).toBe(true);
  });

  it('restores a snapshot whose evidence is in the old two-level layout into the current one', async () => {
    const evidence = join(snapshot, 'evidence');
    const legacy = legacyShardedPath(evidence, hash);
    mkdirSync(dirname(legacy), { recursive: true });
    renameSync(shardedPath(evidence, hash), legacy);
    const summary = await restores.restore(snapshot, { force: false });
    expect(summary.evidenceFilesChecked).toBe(1);
    expect(sha256(readFileSync(restoredEvidence()))).toBe(hash);
  });

  it('refuses a snapshot with an altered database file and leaves DATA_DIR untouched', async () => {
    const file = join(snapshot, 'database.sqlite');
    const bytes = readFileSync(file);
    bytes[100] ^= 0xff;
    writeFileSync(file, bytes);
    await expect(restores.restore(snapshot, { force: false })).rejects.toThrow(
      /database.sqlite does not match the SHA-256 in the manifest/,
    );
    expect(existsSync(into.dataDir)).toBe(false);
  });

  it('refuses a snapshot with a missing evidence file', async () => {
    rmSync(shardedPath(join(snapshot, 'evidence'), hash));
    await expect(restores.restore(snapshot, { force: false })).rejects.toThrow(
      `evidence file ${hash} is missing`,
    );
    expect(existsSync(into.dataDir)).toBe(false);
  });

  it('refuses a snapshot made with migrations this build does not have', async () => {
    const path = join(snapshot, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.database.migrations.push('FromTheFuture9999999999999');
    manifest.appVersion = '9.0.0';
    writeFileSync(path, JSON.stringify(manifest));
    await expect(restores.restore(snapshot, { force: false })).rejects.toThrow(
      /newer version of the app \(9\.0\.0\).*FromTheFuture9999999999999/,
    );
  });

  it('refuses a SQLite snapshot when the app is configured for PostgreSQL, before connecting', async () => {
    const postgres = AppConfig.fromEnvironment({
      DATA_DIR: into.dataDir,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    await expect(
      new RestoreService(
        postgres,
        new FixedClock(NOW),
        new LocalFileStore(postgres.dataDir),
      ).restore(snapshot, { force: false }),
    ).rejects.toThrow(/snapshot of a sqlite database, but the app is configured for postgres/);
  });

  it('refuses a directory without a manifest', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await expect(restores.restore(empty, { force: false })).rejects.toThrow(
      /manifest.json is missing/,
    );
  });

  it('refuses to replace existing data unless forced, and then moves it aside', async () => {
    await restores.restore(snapshot, { force: false });
    await expect(restores.restore(snapshot, { force: false })).rejects.toThrow(
      /already holds data \(cases.sqlite, 1 evidence files\); nothing was changed/,
    );

    const forced = await restores.restore(snapshot, { force: true });
    const aside = join(into.dataDir, 'pre-restore-2026-11-20T10-00-00-000Z');
    expect(forced.movedAsideTo).toBe(aside);
    // Moved whole: the WAL folded in, so the file stands on its own.
    expect(readdirSync(aside).sort()).toEqual(['cases.sqlite', 'evidence', 'tmp']);
    const old = new Database(join(aside, 'cases.sqlite'), { readonly: true });
    expect(old.prepare('SELECT sha256 FROM evidence_item').all()).toEqual([{ sha256: hash }]);
    old.close();
    expect(sha256(readFileSync(shardedPath(join(aside, 'evidence'), hash)))).toBe(hash);
    expect(sha256(readFileSync(restoredEvidence()))).toBe(hash);
  });

  it('refuses --force while another process has the database open', async () => {
    await restores.restore(snapshot, { force: false });
    // Another process holding a WAL connection, as the running app does. (A second connection
    // in this process would only exercise SQLite's in-process lock sharing.)
    const app = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(into.sqlitePath)});
         db.pragma('journal_mode = WAL'); db.prepare('SELECT COUNT(*) FROM case_record').get();
         process.stdout.write('open\\n'); setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        app.stdout!.once('data', () => resolve());
        app.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
      });
      await expect(restores.restore(snapshot, { force: true })).rejects.toThrow(
        /is in use by another process: stop the app before restoring/,
      );
      expect(readdirSync(into.dataDir).filter((n) => n.startsWith('pre-restore-'))).toEqual([]);
    } finally {
      app.kill('SIGKILL');
    }
  });

  it('fails its check when a restored file is damaged on the way in', async () => {
    // Damage in the snapshot that its manifest agrees with: only the check afterwards sees it.
    const inSnapshot = shardedPath(join(snapshot, 'evidence'), hash);
    const other = png(11, 11);
    const manifestPath = join(snapshot, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.evidence = [sha256(other)];
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const otherPath = shardedPath(join(snapshot, 'evidence'), sha256(other));
    mkdirSync(join(otherPath, '..'), { recursive: true });
    writeFileSync(otherPath, other);
    chmodSync(inSnapshot, 0o600);
    rmSync(inSnapshot);
    await expect(restores.restore(snapshot, { force: false })).rejects.toThrow(
      new RegExp(
        `restored, but the check afterwards failed:\\n  1 evidence file\\(s\\) missing .*${hash}`,
      ),
    );
    expect(readdirSync(into.dataDir)).toContain('cases.sqlite');
  });
});
