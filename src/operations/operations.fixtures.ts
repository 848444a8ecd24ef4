/**
 * Real installs for the backup and restore specs: a SQLite database built by the app's own
 * migrations and evidence stored through the real LocalFileStore. Excluded from the build.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createDataSource } from '../../database/data-source.js';
import { AppConfig } from '../config/app-config.js';
import { LocalFileStore } from '../platform/file-store/local-file-store.js';

export async function createInstall(dataDir: string): Promise<AppConfig> {
  const config = AppConfig.fromEnvironment({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  return config;
}

export async function storeEvidence(dataDir: string, bytes: Buffer): Promise<string> {
  const store = new LocalFileStore(dataDir);
  const received = await store.receive(Readable.from([bytes]), { maxBytes: 1024 * 1024 });
  await store.commit(received);
  return received.sha256;
}

/**
 * An evidence row naming `sha256`. Foreign keys are off for this one insert so that the spec
 * needs no school, person or case: only the link from row to file matters here.
 */
export function recordEvidenceRow(config: AppConfig, sha256: string): void {
  const db = new Database(config.sqlitePath, { fileMustExist: true });
  try {
    db.pragma('foreign_keys = OFF');
    db.prepare(
      `INSERT INTO evidence_item (id, caseId, sha256, size, mimeType, platform, receivedAt, addedById)
       VALUES (?, ?, ?, 1, 'image/png', 'facebook', '2026-11-20T10:00:00.000Z', ?)`,
    ).run(randomUUID(), randomUUID(), sha256, randomUUID());
  } finally {
    db.close();
  }
}
