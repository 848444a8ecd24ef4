import { describe, expect, it } from '@jest/globals';
import { checkManifest, type SnapshotManifest } from './snapshot-manifest.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function manifest(overrides: Record<string, unknown> = {}): SnapshotManifest {
  return {
    format: 'school-cases-snapshot',
    formatVersion: 1,
    createdAt: '2026-11-20T10:00:00.000Z',
    engine: 'sqlite',
    appVersion: '0.1.0',
    database: { file: 'database.sqlite', sha256: HASH_A, bytes: 4096, migrations: ['M1'] },
    counts: { cases: 3, evidenceItems: 2, evidenceFiles: 2 },
    evidence: [HASH_A, HASH_B],
    ...overrides,
  } as SnapshotManifest;
}

describe('checkManifest', () => {
  it('accepts a manifest as backup writes it', () => {
    expect(checkManifest(manifest())).toEqual(manifest());
  });

  it.each([
    ['another format', { format: 'something-else' }, /format is not/],
    ['a newer format version', { formatVersion: 2 }, /format version 2 is not supported/],
    ['an unknown engine', { engine: 'mysql' }, /engine must be/],
    [
      'a database file that does not fit the engine',
      {
        engine: 'postgres',
        database: { file: 'database.sqlite', sha256: HASH_A, bytes: 1, migrations: [] },
      },
      /database.file must be database.pgdump/,
    ],
    ['a hash that is not SHA-256', { evidence: [HASH_A, '../../etc/passwd'] }, /SHA-256 hashes/],
    ['a hash listed twice', { evidence: [HASH_A, HASH_A] }, /lists a hash twice/],
    [
      'a file count that disagrees with the list',
      { counts: { cases: 3, evidenceItems: 2, evidenceFiles: 5 } },
      /does not match evidence/,
    ],
  ])('refuses %s', (_what, overrides, message) => {
    expect(() => checkManifest(manifest(overrides))).toThrow(message);
  });
});
