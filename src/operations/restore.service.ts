import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../database/data-source.js';
import { openMigrated } from '../../database/run-migrations.js';
import { MIGRATIONS } from '../../database/migrations/index.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock/clock.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { AppConfig } from '../config/app-config.js';
import { FileStore } from '../platform/file-store/file-store.js';
import { shardedPath } from '../platform/file-store/store-layout.js';
import { storedHashes } from './backup.service.js';
import { readDatabaseFacts } from './database-facts.js';
import {
  copyFromStore,
  copyHashed,
  fsyncDir,
  isNotFound,
  locateEvidence,
  sha256OfFile,
} from './evidence-files.js';
import { OperationError } from './operation.error.js';
import { PostgresTools } from './postgres-tools.js';
import {
  SNAPSHOT_EVIDENCE_DIR,
  readManifest,
  type SnapshotEngine,
  type SnapshotManifest,
} from './snapshot-manifest.js';
import { detachSqlite } from './sqlite-snapshot.js';

export interface RestoreOptions {
  /** Move data already in DATA_DIR (or the PostgreSQL database) aside instead of refusing. */
  force: boolean;
}

export interface RestoreSummary {
  dataDir: string;
  manifest: SnapshotManifest;
  movedAsideTo: string | null;
  migrationsApplied: string[];
  cases: number;
  evidenceFilesChecked: number;
  auditEntries: number;
}

/** How many damaged files a refusal names; the count says how many there are in all. */
const NAMED_PROBLEMS = 10;

/**
 * `npm run restore -- <dir>`: puts a snapshot back into DATA_DIR with the app stopped.
 * Everything in the snapshot is checked before anything in DATA_DIR is touched; existing data
 * is moved aside, never deleted; and the result is opened as the app opens it (pending
 * migrations applied) and checked again: every evidence row's file, the case count, the audit
 * chain.
 */
@Injectable()
export class RestoreService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: FileStore,
  ) {}

  private get engine(): SnapshotEngine {
    return this.config.isPostgres ? 'postgres' : 'sqlite';
  }

  /** The local store's directory, which a restore moves aside whole. */
  private get evidenceRoot(): string {
    return join(this.config.dataDir, 'evidence');
  }

  private get storeIsLocal(): boolean {
    return this.config.evidenceStore.kind === 'local';
  }

  async restore(sourceDir: string, { force }: RestoreOptions): Promise<RestoreSummary> {
    const dir = resolve(sourceDir);
    const manifest = await readManifest(dir);
    this.checkCompatible(manifest);
    await verifySnapshot(dir, manifest);
    await this.store.checkReady();

    const existing = await this.existingData();
    if (existing.length > 0 && !force) {
      throw new OperationError(
        `${this.target()} already holds data (${existing.join(', ')}); nothing was changed. ` +
          `With the app stopped, run again with --force to move it aside to ` +
          `${join(this.config.dataDir, 'pre-restore-<timestamp>')} first`,
      );
    }
    if (this.config.databaseUrl) {
      const sessions = await new PostgresTools(this.config.databaseUrl).otherSessions();
      if (sessions > 0) {
        throw new OperationError(
          `${sessions} other session(s) are connected to the database; stop the app (and anything ` +
            'else using it) before restoring. Nothing was changed',
        );
      }
    }
    const movedAsideTo = existing.length > 0 ? await this.moveAside() : null;

    await this.restoreDatabase(dir, manifest);
    await this.restoreEvidence(join(dir, SNAPSHOT_EVIDENCE_DIR), manifest.evidence);
    const checked = await this.checkRestored(manifest);
    return { dataDir: this.config.dataDir, manifest, movedAsideTo, ...checked };
  }

  private target(): string {
    return this.config.isPostgres ? 'The database at DATABASE_URL or DATA_DIR' : 'DATA_DIR';
  }

  private checkCompatible(manifest: SnapshotManifest): void {
    if (manifest.engine !== this.engine) {
      throw new OperationError(
        `This is a snapshot of a ${manifest.engine} database, but the app is configured for ` +
          `${this.engine} (${this.config.isPostgres ? 'DATABASE_URL is set' : 'DATABASE_URL is not set'})`,
      );
    }
    const known = new Set(MIGRATIONS.map((M) => new M().name ?? M.name));
    const unknown = manifest.database.migrations.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new OperationError(
        `The snapshot was made by a newer version of the app (${manifest.appVersion}); this build ` +
          `lacks its migration(s) ${unknown.join(', ')}. Restore it with that version or later`,
      );
    }
  }

  /** What a restore would overwrite, described without any of its contents. */
  private async existingData(): Promise<string[]> {
    const found: string[] = [];
    if (this.config.databaseUrl) {
      const tables = await new PostgresTools(this.config.databaseUrl).tableCount();
      if (tables > 0) found.push(`a database with ${tables} tables`);
    } else {
      for (const path of sqliteFiles(this.config.sqlitePath)) {
        if (existsSync(path)) found.push(basename(path));
      }
    }
    const files = (await storedHashes(this.store)).length;
    if (files > 0) found.push(`${files} evidence files`);
    return found;
  }

  /**
   * Existing data goes to DATA_DIR/pre-restore-<timestamp>; a restore never deletes any. A
   * bucket cannot be renamed into a directory: its objects are copied there (each checked
   * against its hash) and left in place, where the snapshot's files join them.
   */
  private async moveAside(): Promise<string> {
    if (!this.config.databaseUrl) detachSqlite(this.config.sqlitePath);
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    const aside = join(this.config.dataDir, `pre-restore-${stamp}`);
    await mkdir(aside, { mode: 0o700 });
    const names = this.storeIsLocal ? ['evidence', 'tmp'] : ['tmp'];
    if (!this.storeIsLocal) await this.copyStoreTo(join(aside, 'evidence'));
    if (this.config.databaseUrl) {
      // A database cannot be moved into a directory: a dump of it is kept there instead, and
      // pg_restore --clean then replaces its contents.
      await new PostgresTools(this.config.databaseUrl).dump(join(aside, 'database.pgdump'));
    } else {
      names.push(...sqliteFiles(this.config.sqlitePath).map((path) => basename(path)));
    }
    for (const name of names) {
      try {
        await rename(join(this.config.dataDir, name), join(aside, name));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    await fsyncDir(this.config.dataDir);
    return aside;
  }

  private async copyStoreTo(root: string): Promise<void> {
    for (const hash of await storedHashes(this.store)) {
      const target = shardedPath(root, hash);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      const copied = await copyFromStore(this.store, hash, target, 0o400);
      if (copied !== 'missing' && copied.sha256 !== hash) {
        throw new OperationError(
          `Evidence ${hash} in ${this.store.location} no longer matches its SHA-256; nothing was restored`,
        );
      }
    }
  }

  private async restoreDatabase(dir: string, manifest: SnapshotManifest): Promise<void> {
    const source = join(dir, manifest.database.file);
    if (this.config.databaseUrl) {
      await new PostgresTools(this.config.databaseUrl).restore(source);
      return;
    }
    const temp = await this.tempPath();
    await this.copyChecked(source, temp, manifest.database.sha256, 0o600, 'the database file');
    await rename(temp, this.config.sqlitePath);
    await fsyncDir(this.config.dataDir);
  }

  /**
   * Through the store, as an upload would arrive: each file through tmp/, committed under its
   * name only if its bytes hash to it. A file the store already holds intact is left alone.
   */
  private async restoreEvidence(sourceRoot: string, hashes: string[]): Promise<void> {
    for (const hash of hashes) {
      if (await this.store.verify(hash)) continue;
      const source = createReadStream(await locateEvidence(sourceRoot, hash));
      if (!(await this.store.restoreFile(hash, source))) {
        // Verified a moment ago, so something is changing the snapshot under us.
        throw new OperationError(
          `The snapshot changed while it was being restored (evidence ${hash})`,
        );
      }
    }
  }

  private async copyChecked(
    source: string,
    temp: string,
    sha256: string,
    mode: number,
    what: string,
  ): Promise<void> {
    const copied = await copyHashed(source, temp, mode);
    if (copied === 'missing' || copied.sha256 !== sha256) {
      await unlink(temp).catch(() => undefined);
      // Verified a moment ago, so something is changing the snapshot under us.
      throw new OperationError(`The snapshot changed while it was being restored (${what})`);
    }
  }

  private async tempPath(): Promise<string> {
    const tmp = join(this.config.dataDir, 'tmp');
    await mkdir(tmp, { recursive: true, mode: 0o700 });
    // The .part suffix is the evidence store's: its start-up sweep removes leftovers.
    return join(tmp, `${randomBytes(16).toString('hex')}.part`);
  }

  /** Opens the restored database as the app does at start, then checks it against the files. */
  private async checkRestored(manifest: SnapshotManifest) {
    const dataSource = await openMigrated(new DataSource(dataSourceOptions(this.config)));
    try {
      const facts = await readDatabaseFacts((sql) => dataSource.query(sql));
      const damaged: string[] = [];
      for (const hash of facts.evidenceHashes) {
        if (!(await this.store.verify(hash))) damaged.push(hash);
      }
      const audit = new AuditService(
        dataSource,
        new TransactionRunner(dataSource, this.config),
        this.clock,
      );
      const chain = await audit.verify();
      const problems: string[] = [];
      if (facts.cases !== manifest.counts.cases) {
        problems.push(`${facts.cases} cases, but the manifest says ${manifest.counts.cases}`);
      }
      if (damaged.length > 0) {
        problems.push(
          `${damaged.length} evidence file(s) missing or not matching their SHA-256: ` +
            damaged.slice(0, NAMED_PROBLEMS).join(', '),
        );
      }
      if (!chain.ok) problems.push(`the audit chain is broken at entry ${chain.firstBrokenSeq}`);
      if (problems.length > 0) {
        throw new OperationError(
          `The snapshot was restored, but the check afterwards failed:\n  ${problems.join('\n  ')}`,
        );
      }
      const before = new Set(manifest.database.migrations);
      return {
        migrationsApplied: facts.migrations.filter((name) => !before.has(name)),
        cases: facts.cases,
        evidenceFilesChecked: facts.evidenceHashes.length,
        auditEntries: chain.entries,
      };
    } finally {
      await dataSource.destroy();
    }
  }
}

function sqliteFiles(path: string): string[] {
  return [path, `${path}-wal`, `${path}-shm`];
}

/** Every byte of the snapshot against its manifest, before DATA_DIR is touched. */
async function verifySnapshot(dir: string, manifest: SnapshotManifest): Promise<void> {
  const problems: string[] = [];
  const databaseHash = await sha256OfFile(join(dir, manifest.database.file));
  if (databaseHash === null) problems.push(`${manifest.database.file} is missing`);
  else if (databaseHash !== manifest.database.sha256) {
    problems.push(`${manifest.database.file} does not match the SHA-256 in the manifest`);
  }
  const root = join(dir, SNAPSHOT_EVIDENCE_DIR);
  let damaged = 0;
  for (const hash of manifest.evidence) {
    const actual = await sha256OfFile(await locateEvidence(root, hash));
    if (actual === hash) continue;
    damaged++;
    if (damaged <= NAMED_PROBLEMS) {
      problems.push(
        actual === null
          ? `evidence file ${hash} is missing`
          : `evidence file ${hash} does not match its SHA-256`,
      );
    }
  }
  if (damaged > NAMED_PROBLEMS) problems.push(`(${damaged} evidence files in all)`);
  if (problems.length > 0) {
    throw new OperationError(
      `The snapshot in ${dir} is damaged or was altered; nothing was restored:\n  ${problems.join('\n  ')}`,
    );
  }
}

export function describeRestore(summary: RestoreSummary): string {
  const { manifest } = summary;
  return [
    `Restored the snapshot taken ${manifest.createdAt} (${manifest.engine}, app ${manifest.appVersion})`,
    `  into:       ${summary.dataDir}`,
    `  cases:      ${summary.cases}`,
    `  evidence:   ${manifest.counts.evidenceFiles} files restored, ` +
      `${summary.evidenceFilesChecked} referenced by the database, all matching their SHA-256`,
    `  audit:      chain verified (${summary.auditEntries} entries)`,
    `  migrations: ${summary.migrationsApplied.length > 0 ? `applied ${summary.migrationsApplied.join(', ')}` : 'none pending'}`,
    ...(summary.movedAsideTo ? [`  previous data moved to ${summary.movedAsideTo}`] : []),
  ].join('\n');
}
