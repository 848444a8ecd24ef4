import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../common/clock/clock.js';
import { LocalFileStore } from '../platform/file-store/local-file-store.js';
import { AppConfig } from '../config/app-config.js';
import { png } from '../../test/support/sample-files.js';
import { BackupService } from './backup.service.js';
import { shardedPath } from '../platform/file-store/store-layout.js';
import { OperationError } from './operation.error.js';
import { createInstall, recordEvidenceRow, storeEvidence } from './operations.fixtures.js';
import { readManifest } from './snapshot-manifest.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('BackupService on SQLite', () => {
  let root: string;
  let config: AppConfig;
  let backups: BackupService;
  let target: string;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'backup-spec-'));
    config = await createInstall(join(root, 'data'));
    backups = new BackupService(
      config,
      new FixedClock('2026-11-20T10:00:00.000Z'),
      new LocalFileStore(config.dataDir),
    );
    target = join(root, 'snapshot');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the database, every stored file and a manifest describing them', async () => {
    const referenced = await storeEvidence(config.dataDir, png(10, 10));
    recordEvidenceRow(config, referenced);
    // A file whose row was not yet committed when the database was copied: kept all the same.
    const unreferenced = await storeEvidence(config.dataDir, png(12, 12));

    const summary = await backups.backup(target);

    const manifest = await readManifest(target);
    expect(manifest).toMatchObject({
      createdAt: '2026-11-20T10:00:00.000Z',
      engine: 'sqlite',
      appVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      counts: { cases: 0, evidenceItems: 1, evidenceFiles: 2 },
      evidence: [referenced, unreferenced].sort(),
    });
    expect(manifest.database.migrations.length).toBeGreaterThan(0);
    const databaseFile = join(target, 'database.sqlite');
    expect(sha256(readFileSync(databaseFile))).toBe(manifest.database.sha256);
    expect(readdirSync(target).sort()).toEqual(['database.sqlite', 'evidence', 'manifest.json']);
    const copy = new Database(databaseFile, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    for (const hash of manifest.evidence) {
      const file = shardedPath(join(target, 'evidence'), hash);
      expect(sha256(readFileSync(file))).toBe(hash);
      expect(statSync(file).mode & 0o777).toBe(0o400);
    }
    expect(summary.evidenceBytes).toBe(png(10, 10).length + png(12, 12).length);
  });

  it('refuses a directory that is not empty and leaves it alone', async () => {
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'keep');
    await expect(backups.backup(target)).rejects.toThrow(/not empty/);
    expect(readdirSync(target)).toEqual(['notes.txt']);
  });

  it('refuses when there is no database, without creating one', async () => {
    const empty = AppConfig.fromEnvironment({ DATA_DIR: join(root, 'nothing-here') });
    const service = new BackupService(empty, new FixedClock(), new LocalFileStore(empty.dataDir));
    await expect(service.backup(target)).rejects.toThrow(/no database/);
    expect(existsSync(empty.sqlitePath)).toBe(false);
    expect(readdirSync(target)).toEqual([]);
  });

  it('refuses when a file the database refers to is missing, and leaves the target empty', async () => {
    const hash = sha256(Buffer.from('never stored'));
    recordEvidenceRow(config, hash);
    await expect(backups.backup(target)).rejects.toThrow(
      new OperationError(
        `1 evidence file(s) the database refers to are missing from ${join(config.dataDir, 'evidence')} ` +
          `(first: ${hash}); no snapshot was written`,
      ),
    );
    expect(readdirSync(target)).toEqual([]);
  });

  it('refuses a stored file that no longer matches its name, and leaves the target empty', async () => {
    const hash = await storeEvidence(config.dataDir, png(10, 10));
    const stored = shardedPath(join(config.dataDir, 'evidence'), hash);
    chmodSync(stored, 0o600);
    writeFileSync(stored, png(11, 11));
    await expect(backups.backup(target)).rejects.toThrow(
      new RegExp(`Evidence file ${hash} .* no longer matches its SHA-256`),
    );
    expect(readdirSync(target)).toEqual([]);
  });
});
