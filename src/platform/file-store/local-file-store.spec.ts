import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileStoreErrorCode, FileStoreException } from './file-store.exception.js';
import { FileTypeErrorCode } from '../file-types/file-type.exception.js';
import { gif, jpeg, pdf, png, pngHead, webpLossless } from '../../../test/support/sample-files.js';
import { LocalFileStore } from './local-file-store.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Yields the bytes in small pieces, like a socket would. */
function chunked(bytes: Buffer, size = 1000): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces);
}

describe('LocalFileStore', () => {
  let dataDir: string;
  let store: LocalFileStore;
  const tmpFiles = () => readdirSync(join(dataDir, 'tmp'));

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'evidence-store-'));
    store = new LocalFileStore(dataDir);
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('receives, hashes and commits a PNG content-addressed', async () => {
    const bytes = png(64, 32);
    const received = await store.receive(chunked(bytes), { maxBytes: 1024 * 1024 });
    expect(received).toMatchObject({
      sha256: sha256(bytes),
      size: bytes.length,
      mimeType: 'image/png',
    });
    expect(received.tempPath.startsWith(join(dataDir, 'tmp'))).toBe(true);

    const key = await store.commit(received);
    const hash = sha256(bytes);
    expect(key).toBe(`evidence/${hash.slice(0, 2)}/${hash}`);
    const stored = readFileSync(join(dataDir, key));
    expect(sha256(stored)).toBe(hash);
    expect(statSync(join(dataDir, key)).mode & 0o777).toBe(0o400);
    expect(tmpFiles()).toEqual([]);
    expect(await store.exists(hash)).toBe(true);
    expect(await store.verify(hash)).toBe(true);
  });

  it.each([
    ['image/jpeg', jpeg(32, 32)],
    ['image/gif', gif(1, 1)],
    ['image/webp', webpLossless(5, 5)],
    ['application/pdf', pdf()],
  ])('accepts %s', async (mimeType, bytes) => {
    const received = await store.receive(chunked(bytes, 7), { maxBytes: 1024 * 1024 });
    expect(received.mimeType).toBe(mimeType);
    await store.commit(received);
    expect(await store.verify(sha256(bytes))).toBe(true);
  });

  it('dedupes: committing the same bytes twice keeps one file, and no temp once discarded', async () => {
    const bytes = png(8, 8);
    const first = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    const second = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    expect(await store.commit(second)).toBe(await store.commit(first));
    const hash = sha256(bytes);
    expect(readdirSync(join(dataDir, 'evidence', hash.slice(0, 2)))).toEqual([hash]);
    // The second copy waits in tmp/ until its upload is over.
    expect(tmpFiles()).toHaveLength(1);
    for (const received of [first, second]) await store.discard(received);
    expect(tmpFiles()).toEqual([]);
  });

  it('puts a removed file back from the copy an upload of the same bytes kept', async () => {
    const bytes = png(9, 9);
    const first = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    const second = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    await store.commit(first);
    await store.commit(second);
    // The first upload failed and took its file out before the second was recorded.
    await store.remove(sha256(bytes));
    await expect(store.ensureStored(first)).rejects.toThrow(/gone missing/);
    await store.ensureStored(second);
    expect(await store.verify(sha256(bytes))).toBe(true);
    await store.ensureStored(second);
    await store.discard(second);
    expect(tmpFiles()).toEqual([]);
  });

  it('moves a store in the old two-level layout to one level, and can run again', async () => {
    const files = [png(11, 11), png(12, 12), png(13, 13)];
    for (const bytes of files) {
      const hash = sha256(bytes);
      const legacyDir = join(dataDir, 'evidence', hash.slice(0, 2), hash.slice(2, 4));
      mkdirSync(legacyDir, { recursive: true });
      writeFileSync(join(legacyDir, hash), bytes, { mode: 0o400 });
    }
    // One is already in both places, as an interrupted migration can leave it.
    const both = sha256(files[0]);
    writeFileSync(join(dataDir, 'evidence', both.slice(0, 2), both), files[0], { mode: 0o400 });

    expect(await store.migrateLegacyLayout()).toBe(3);
    for (const bytes of files) {
      const hash = sha256(bytes);
      expect(readdirSync(join(dataDir, 'evidence', hash.slice(0, 2)))).toContain(hash);
      expect(existsSync(join(dataDir, 'evidence', hash.slice(0, 2), hash.slice(2, 4)))).toBe(false);
      expect(await store.verify(hash)).toBe(true);
    }
    const listed: string[] = [];
    for await (const f of store.listStored()) listed.push(f.sha256);
    expect(listed.sort()).toEqual(files.map(sha256).sort());
    expect(await store.migrateLegacyLayout()).toBe(0);
  });

  it('refuses an HTML file and leaves no temp file', async () => {
    const html = Buffer.from('<html><body><script>alert(1)</script></body></html>');
    await expect(store.receive(chunked(html), { maxBytes: 1 << 20 })).rejects.toMatchObject({
      status: 415,
      code: FileTypeErrorCode.TypeNotAllowed,
    });
    expect(tmpFiles()).toEqual([]);
  });

  it('stops at the size limit without reading the rest, and leaves no temp file', async () => {
    let produced = 0;
    // An endless source: only stopping early lets this test finish.
    const endless = new Readable({
      read() {
        const chunk = produced === 0 ? pngHead() : Buffer.alloc(16 * 1024);
        produced += chunk.length;
        this.push(chunk);
      },
    });
    const error = await store.receive(endless, { maxBytes: 100_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileStoreException);
    expect(error).toMatchObject({ status: 413, code: FileStoreErrorCode.TooLarge });
    expect(produced).toBeLessThan(100_000 + 64 * 1024);
    expect(endless.destroyed).toBe(true);
    expect(tmpFiles()).toEqual([]);
  });

  it('deletes the temp file when the source fails midway', async () => {
    const bytes = png(100, 100);
    const failing = new Readable({ read() {} });
    failing.push(bytes.subarray(0, 500));
    setTimeout(() => failing.destroy(new Error('connection reset')), 20);
    await expect(store.receive(failing, { maxBytes: 1 << 20 })).rejects.toThrow('connection reset');
    expect(tmpFiles()).toEqual([]);
  });

  it('discard removes a received file', async () => {
    const received = await store.receive(chunked(png()), { maxBytes: 1 << 20 });
    await store.discard(received);
    expect(tmpFiles()).toEqual([]);
    await store.discard(received); // idempotent
  });

  it('refuses to commit or discard anything outside tmp/', async () => {
    const outside = join(dataDir, 'victim.part');
    writeFileSync(outside, 'x');
    const forged = {
      tempPath: outside,
      sha256: sha256(Buffer.from('x')),
      size: 1,
      mimeType: 'image/png' as const,
    };
    await expect(store.discard(forged)).rejects.toThrow('Not a temp file');
    await expect(
      store.commit({ ...forged, tempPath: join(dataDir, 'tmp', '..', 'victim.part') }),
    ).rejects.toThrow('Not a temp file');
    expect(readFileSync(outside, 'utf8')).toBe('x');
  });

  it.each([
    '../../etc/passwd',
    'A'.repeat(64),
    'abc',
    `${'a'.repeat(64)}/..`,
    `${'a'.repeat(63)}\0`,
  ])('refuses the key %j', async (key) => {
    expect(() => store.openRead(key)).toThrow(FileStoreException);
    await expect(store.exists(key)).rejects.toMatchObject({ code: FileStoreErrorCode.InvalidKey });
    await expect(store.verify(key)).rejects.toMatchObject({ code: FileStoreErrorCode.InvalidKey });
  });

  it('openRead streams the stored bytes back', async () => {
    const bytes = jpeg(10, 10);
    await store.commit(await store.receive(chunked(bytes), { maxBytes: 1 << 20 }));
    const chunks: Buffer[] = [];
    for await (const chunk of store.openRead(sha256(bytes))) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('verify reports missing or altered bytes', async () => {
    const bytes = png(3, 3);
    const key = await store.commit(await store.receive(chunked(bytes), { maxBytes: 1 << 20 }));
    const hash = sha256(bytes);
    rmSync(join(dataDir, key), { force: true });
    await writeFile(join(dataDir, key), Buffer.concat([bytes, Buffer.from([0])]));
    expect(await store.verify(hash)).toBe(false);
    expect(await store.verify('f'.repeat(64))).toBe(false);
    expect(await store.exists('f'.repeat(64))).toBe(false);
  });

  it('sweepTemp deletes leftover .part files only', async () => {
    await mkdir(join(dataDir, 'tmp'), { recursive: true });
    await writeFile(join(dataDir, 'tmp', 'aaaa.part'), 'half an upload');
    await writeFile(join(dataDir, 'tmp', 'bbbb.part'), 'another');
    await writeFile(join(dataDir, 'tmp', 'keep.txt'), 'not ours');
    expect(await store.sweepTemp()).toBe(2);
    expect(tmpFiles()).toEqual(['keep.txt']);
    expect(await new LocalFileStore(join(dataDir, 'nowhere')).sweepTemp()).toBe(0);
  });

  it('sweepTemp can spare recent uploads', async () => {
    await mkdir(join(dataDir, 'tmp'), { recursive: true });
    await writeFile(join(dataDir, 'tmp', 'fresh.part'), 'in flight');
    expect(await store.sweepTemp(60_000)).toBe(0);
    expect(tmpFiles()).toEqual(['fresh.part']);
  });
});
