import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { legacyShardedPath, shardedPath } from '../platform/file-store/store-layout.js';
import { copyHashed, listEvidence, locateEvidence, sha256OfFile } from './evidence-files.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('evidence files', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'evidence-files-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function put(path: string, bytes: Buffer): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }

  it('lists only files stored under their own shard, in either layout, sorted and once', async () => {
    const [one, two, three] = ['one', 'two', 'three'].map((t) => Buffer.from(t));
    put(shardedPath(root, sha256(two)), two);
    put(shardedPath(root, sha256(one)), one);
    // A snapshot or store from before the one-level layout, one file in both places.
    put(legacyShardedPath(root, sha256(three)), three);
    put(legacyShardedPath(root, sha256(one)), one);
    put(join(root, 'ab', 'a'.repeat(64)), Buffer.from('wrong shard'));
    put(join(root, 'ab', 'cd', 'a'.repeat(64)), Buffer.from('wrong legacy shard'));
    put(join(root, 'ab', 'notes.txt'), Buffer.from('stray'));
    put(join(root, 'README'), Buffer.from('stray'));
    writeFileSync(join(root, 'ef'), 'a file where a shard directory belongs');
    expect(await listEvidence(root)).toEqual([one, two, three].map(sha256).sort());
    expect(await listEvidence(join(root, 'missing'))).toEqual([]);
  });

  it('locates a file in the current layout first, then the old one', async () => {
    const [current, legacy] = [Buffer.from('current'), Buffer.from('legacy')];
    put(shardedPath(root, sha256(current)), current);
    put(legacyShardedPath(root, sha256(legacy)), legacy);
    expect(await locateEvidence(root, sha256(current))).toBe(shardedPath(root, sha256(current)));
    expect(await locateEvidence(root, sha256(legacy))).toBe(
      legacyShardedPath(root, sha256(legacy)),
    );
    const absent = sha256(Buffer.from('absent'));
    expect(await locateEvidence(root, absent)).toBe(shardedPath(root, absent));
  });

  it('copies a file, reporting the hash of exactly the bytes written', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    put(join(root, 'source'), bytes);
    const result = await copyHashed(join(root, 'source'), join(root, 'copy'), 0o400);
    expect(result).toEqual({ bytes: bytes.length, sha256: sha256(bytes) });
    expect(readFileSync(join(root, 'copy'))).toEqual(bytes);
    expect(statSync(join(root, 'copy')).mode & 0o777).toBe(0o400);
  });

  it('says a vanished source is missing and creates nothing', async () => {
    expect(await copyHashed(join(root, 'gone'), join(root, 'copy'), 0o400)).toBe('missing');
    expect(await sha256OfFile(join(root, 'copy'))).toBeNull();
  });

  it('never overwrites an existing target', async () => {
    put(join(root, 'source'), Buffer.from('new'));
    put(join(root, 'copy'), Buffer.from('old'));
    await expect(copyHashed(join(root, 'source'), join(root, 'copy'), 0o600)).rejects.toThrow(
      /EEXIST/,
    );
    expect(readFileSync(join(root, 'copy'), 'utf8')).toBe('old');
  });
});
