import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError } from './operation.error.js';

export const MANIFEST_FILE = 'manifest.json';
export const SNAPSHOT_FORMAT = 'school-cases-snapshot';
export const SNAPSHOT_FORMAT_VERSION = 1;
export const SNAPSHOT_EVIDENCE_DIR = 'evidence';

export type SnapshotEngine = 'sqlite' | 'postgres';

export const DATABASE_FILE: Record<SnapshotEngine, string> = {
  sqlite: 'database.sqlite',
  postgres: 'database.pgdump',
};

/** What a snapshot holds. Counts, hashes and migration names only: nothing personal. */
export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  formatVersion: number;
  createdAt: string;
  engine: SnapshotEngine;
  appVersion: string;
  database: {
    file: string;
    sha256: string;
    bytes: number;
    /** Applied migrations, oldest first: a build that lacks one of them cannot restore this. */
    migrations: string[];
  };
  counts: {
    cases: number;
    evidenceItems: number;
    evidenceFiles: number;
  };
  /** Every evidence file in the snapshot, by SHA-256, sorted. */
  evidence: string[];
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Written last and through a rename, so a manifest in a directory means the snapshot in it
 * was completed.
 */
export async function writeManifest(dir: string, manifest: SnapshotManifest): Promise<void> {
  const path = join(dir, MANIFEST_FILE);
  const temp = `${path}.part`;
  const file = await open(temp, 'wx', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}

export async function readManifest(dir: string): Promise<SnapshotManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new OperationError(
        `${join(dir, MANIFEST_FILE)} is missing: not a snapshot, or an unfinished one`,
      );
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OperationError(`${MANIFEST_FILE} is not valid JSON`);
  }
  return checkManifest(parsed);
}

/** Refuses anything but a manifest this build wrote, field by field. */
export function checkManifest(value: unknown): SnapshotManifest {
  const fail = (what: string): never => {
    throw new OperationError(`${MANIFEST_FILE}: ${what}`);
  };
  const m = value as Partial<SnapshotManifest> | null;
  if (!m || typeof m !== 'object') return fail('not an object');
  if (m.format !== SNAPSHOT_FORMAT) fail(`format is not "${SNAPSHOT_FORMAT}"`);
  if (m.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    fail(
      `format version ${String(m.formatVersion)} is not supported (this build reads ${SNAPSHOT_FORMAT_VERSION})`,
    );
  }
  if (typeof m.createdAt !== 'string' || isNaN(Date.parse(m.createdAt))) fail('bad createdAt');
  if (m.engine !== 'sqlite' && m.engine !== 'postgres') fail('engine must be sqlite or postgres');
  const engine = m.engine as SnapshotEngine;
  if (typeof m.appVersion !== 'string') fail('bad appVersion');
  const db = m.database;
  if (!db || typeof db !== 'object') return fail('database is missing');
  if (db.file !== DATABASE_FILE[engine]) fail(`database.file must be ${DATABASE_FILE[engine]}`);
  if (typeof db.sha256 !== 'string' || !SHA256_HEX.test(db.sha256)) fail('bad database.sha256');
  if (!Number.isSafeInteger(db.bytes) || db.bytes < 0) fail('bad database.bytes');
  if (!Array.isArray(db.migrations) || !db.migrations.every((n) => typeof n === 'string')) {
    fail('bad database.migrations');
  }
  const counts = m.counts;
  if (!counts || typeof counts !== 'object') return fail('counts are missing');
  for (const key of ['cases', 'evidenceItems', 'evidenceFiles'] as const) {
    if (!Number.isSafeInteger(counts[key]) || counts[key] < 0) fail(`bad counts.${key}`);
  }
  const evidence = m.evidence;
  if (!Array.isArray(evidence)) return fail('evidence is not a list');
  if (!evidence.every((h) => typeof h === 'string' && SHA256_HEX.test(h))) {
    fail('evidence must list SHA-256 hashes');
  }
  if (new Set(evidence).size !== evidence.length) fail('evidence lists a hash twice');
  if (evidence.length !== counts.evidenceFiles)
    fail('counts.evidenceFiles does not match evidence');
  return m as SnapshotManifest;
}
