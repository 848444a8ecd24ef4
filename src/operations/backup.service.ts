import { Injectable } from '@nestjs/common';
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { appVersion } from './app-version.js';
import type { DatabaseFacts } from './database-facts.js';
import { copyFromStore, fsyncDir, isNotFound, sha256OfFile } from './evidence-files.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { shardedPath } from '../platform/file-store/store-layout.js';
import { OperationError } from './operation.error.js';
import { PostgresTools } from './postgres-tools.js';
import {
  DATABASE_FILE,
  MANIFEST_FILE,
  SNAPSHOT_EVIDENCE_DIR,
  SNAPSHOT_FORMAT,
  SNAPSHOT_FORMAT_VERSION,
  writeManifest,
  type SnapshotEngine,
  type SnapshotManifest,
} from './snapshot-manifest.js';
import { readSqliteFacts, snapshotSqlite } from './sqlite-snapshot.js';

export interface BackupSummary {
  dir: string;
  manifest: SnapshotManifest;
  evidenceBytes: number;
}

/**
 * `npm run backup -- <dir>`: a consistent snapshot of the database and the evidence store,
 * taken while the app keeps running.
 *
 * The database is copied first, then the evidence. That order is what makes the pair
 * consistent: the app stores a file before it commits the row naming it, and stored files are
 * never changed, so every file the database copy refers to is already in the store when the
 * store is listed. Files that arrive later are copied too and are harmless extras.
 */
@Injectable()
export class BackupService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: FileStore,
  ) {}

  async backup(targetDir: string): Promise<BackupSummary> {
    const dir = resolve(targetDir);
    await this.store.checkReady();
    await claimEmptyDirectory(dir);
    try {
      return await this.write(dir);
    } catch (error) {
      // The directory was empty before: clear what this run put there so it can be reused.
      const sqliteSidecars = ['-wal', '-shm', '-journal'].map((s) => DATABASE_FILE.sqlite + s);
      for (const name of [
        ...Object.values(DATABASE_FILE),
        ...sqliteSidecars,
        SNAPSHOT_EVIDENCE_DIR,
        `${MANIFEST_FILE}.part`,
      ]) {
        await rm(join(dir, name), { recursive: true, force: true });
      }
      throw error;
    }
  }

  private async write(dir: string): Promise<BackupSummary> {
    const engine: SnapshotEngine = this.config.isPostgres ? 'postgres' : 'sqlite';
    const createdAt = this.clock.now().toISOString();
    const databaseFile = DATABASE_FILE[engine];
    const databasePath = join(dir, databaseFile);
    const facts =
      engine === 'postgres'
        ? await this.dumpPostgres(databasePath)
        : await this.copySqlite(databasePath);
    const { hashes, bytes } = await this.copyEvidence(join(dir, SNAPSHOT_EVIDENCE_DIR), facts);
    const manifest: SnapshotManifest = {
      format: SNAPSHOT_FORMAT,
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      createdAt,
      engine,
      appVersion: appVersion(),
      database: {
        file: databaseFile,
        sha256: (await sha256OfFile(databasePath)) as string,
        bytes: (await stat(databasePath)).size,
        migrations: facts.migrations,
      },
      counts: {
        cases: facts.cases,
        evidenceItems: facts.evidenceItems,
        evidenceFiles: hashes.length,
      },
      evidence: hashes,
    };
    await writeManifest(dir, manifest);
    await fsyncDir(dir);
    return { dir, manifest, evidenceBytes: bytes };
  }

  private async copySqlite(target: string): Promise<DatabaseFacts> {
    await snapshotSqlite(this.config.sqlitePath, target);
    await chmod(target, 0o600);
    // Read from the copy, not the live file: these are the facts of the snapshot itself.
    return readSqliteFacts(target);
  }

  private async dumpPostgres(target: string): Promise<DatabaseFacts> {
    const tools = new PostgresTools(this.config.databaseUrl as string);
    return tools.withExportedSnapshot(async (snapshotId, facts) => {
      await tools.dump(target, snapshotId);
      return facts;
    });
  }

  /**
   * Copies every stored file through the store (a directory or a bucket alike), checking as it
   * goes that its bytes still hash to its name, then checks that none the database copy refers
   * to is missing.
   */
  private async copyEvidence(
    targetRoot: string,
    facts: DatabaseFacts,
  ): Promise<{ hashes: string[]; bytes: number }> {
    const sourceRoot = this.store.location;
    const copied: string[] = [];
    const shardDirs = new Set<string>();
    let bytes = 0;
    for (const hash of await storedHashes(this.store)) {
      const target = shardedPath(targetRoot, hash);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      shardDirs.add(dirname(target));
      const result = await copyFromStore(this.store, hash, target, 0o400);
      // Gone since the listing: an upload whose transaction failed was undone, so no row in
      // the database copy can name it (checked below all the same).
      if (result === 'missing') continue;
      if (result.sha256 !== hash) {
        throw new OperationError(
          `Evidence file ${hash} in ${sourceRoot} no longer matches its SHA-256 (hashes to ${result.sha256}); ` +
            'the store is damaged: restore that file from an earlier snapshot before backing up',
        );
      }
      copied.push(hash);
      bytes += result.bytes;
    }
    const present = new Set(copied);
    const missing = facts.evidenceHashes.filter((hash) => !present.has(hash));
    if (missing.length > 0) {
      throw new OperationError(
        `${missing.length} evidence file(s) the database refers to are missing from ${sourceRoot} ` +
          `(first: ${missing[0]}); no snapshot was written`,
      );
    }
    for (const shard of shardDirs) await fsyncDir(shard);
    return { hashes: copied, bytes };
  }
}

/** Every hash in the store, sorted, so a snapshot lists its files in a stable order. */
export async function storedHashes(store: FileStore): Promise<string[]> {
  const hashes: string[] = [];
  for await (const file of store.listStored()) hashes.push(file.sha256);
  return hashes.sort();
}

/** A snapshot only ever goes into a new or empty directory, so it never mixes with another. */
async function claimEmptyDirectory(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isNotFound(error)) {
      // Snapshots hold personal data: only the owner may read them.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new OperationError(`${dir} is not a directory`);
    }
    throw error;
  }
  if (names.length > 0) {
    throw new OperationError(
      `${dir} is not empty (${names.length} entries); a snapshot goes into a new or empty directory`,
    );
  }
}

export function describeBackup({ dir, manifest, evidenceBytes }: BackupSummary): string {
  return [
    `Snapshot written to ${dir}`,
    `  engine:    ${manifest.engine} (app ${manifest.appVersion}), taken ${manifest.createdAt}`,
    `  cases:     ${manifest.counts.cases}`,
    `  evidence:  ${manifest.counts.evidenceFiles} files (${formatBytes(evidenceBytes)}), ` +
      `${manifest.counts.evidenceItems} evidence items`,
    `  database:  ${manifest.database.file} (${formatBytes(manifest.database.bytes)}), ` +
      `sha256 ${manifest.database.sha256}`,
  ].join('\n');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
