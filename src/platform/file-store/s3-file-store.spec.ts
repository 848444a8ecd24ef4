import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileStoreErrorCode } from './file-store.exception.js';
import { FileTypeErrorCode } from '../file-types/file-type.exception.js';
import { createS3Client, S3FileStore } from './s3-file-store.js';
import { gif, jpeg, pdf, png, pngHead } from '../../../test/support/sample-files.js';
import {
  s3Unavailable,
  startS3Server,
  TEST_CREDENTIALS,
  TEST_REGION,
  type S3Server,
} from '../../../test/support/s3-server.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function chunked(bytes: Buffer, size = 1000): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const unavailable = s3Unavailable();
if (unavailable) console.warn(unavailable);
const describeS3 = unavailable ? describe.skip : describe;

describeS3('S3FileStore against a real S3-compatible server (moto)', () => {
  let server: S3Server;
  let bucket: string;
  let dataDir: string;
  let client: S3Client;
  let store: S3FileStore;
  const PREFIX = 'school-a/evidence';
  const tmpFiles = () => readdirSync(join(dataDir, 'tmp'));
  const objects = () => server.keys(bucket);

  beforeAll(async () => {
    server = await startS3Server();
    bucket = await server.createBucket('file-store');
  });
  afterAll(async () => {
    await server.stop();
  });

  beforeEach(async () => {
    await server.emptyBucket(bucket);
    dataDir = mkdtempSync(join(tmpdir(), 's3-store-'));
    client = createS3Client({
      kind: 's3',
      bucket,
      prefix: PREFIX,
      region: TEST_REGION,
      endpoint: server.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    store = new S3FileStore(client, bucket, PREFIX, dataDir);
  });
  afterEach(() => {
    store.onApplicationShutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hashes and judges the bytes in tmp/, then uploads them under <prefix>/<aa>/<sha256>', async () => {
    const bytes = png(64, 32);
    const received = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    expect(received).toMatchObject({ sha256: sha256(bytes), mimeType: 'image/png' });
    expect(await objects()).toEqual([]);

    const key = await store.commit(received);
    const hash = sha256(bytes);
    expect(key).toBe(`${PREFIX}/${hash.slice(0, 2)}/${hash}`);
    expect(await objects()).toEqual([key]);
    expect(store.movedIn(received)).toBe(true);
    expect((await readAll(store.openRead(hash))).equals(bytes)).toBe(true);
    expect(await store.exists(hash)).toBe(true);
    expect(await store.verify(hash)).toBe(true);
    // The temp copy stays until the upload is recorded, then goes.
    expect(tmpFiles()).toHaveLength(1);
    await store.discard(received);
    expect(tmpFiles()).toEqual([]);
  });

  it.each([
    ['image/jpeg', jpeg(32, 32)],
    ['image/gif', gif(1, 1)],
    ['application/pdf', pdf()],
  ])('accepts %s', async (mimeType, bytes) => {
    const received = await store.receive(chunked(bytes, 7), { maxBytes: 1 << 20 });
    expect(received.mimeType).toBe(mimeType);
    await store.commit(received);
    expect(await store.verify(sha256(bytes))).toBe(true);
  });

  it('keeps the same bytes once: the second upload finds the object and does not own it', async () => {
    const bytes = png(8, 8);
    const first = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    const second = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    expect(await store.commit(second)).toBe(await store.commit(first));
    expect(store.movedIn(second)).toBe(true);
    expect(store.movedIn(first)).toBe(false);
    expect(await objects()).toHaveLength(1);
  });

  it('puts a removed object back from the temp copy an upload of the same bytes kept', async () => {
    const bytes = png(9, 9);
    const first = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    const second = await store.receive(chunked(bytes), { maxBytes: 1 << 20 });
    await store.commit(first);
    await store.commit(second);
    // The first upload failed and removed its object before the second was recorded.
    await store.remove(sha256(bytes));
    expect(await store.exists(sha256(bytes))).toBe(false);
    await store.ensureStored(second);
    expect(await store.verify(sha256(bytes))).toBe(true);
    for (const received of [first, second]) await store.discard(received);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses an HTML file before anything reaches the bucket, and leaves no temp file', async () => {
    const html = Buffer.from('<html><body><script>alert(1)</script></body></html>');
    await expect(store.receive(chunked(html), { maxBytes: 1 << 20 })).rejects.toMatchObject({
      status: 415,
      code: FileTypeErrorCode.TypeNotAllowed,
    });
    expect(tmpFiles()).toEqual([]);
    expect(await objects()).toEqual([]);
  });

  it('stops an oversize upload at the limit, with nothing stored', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        const chunk = produced === 0 ? pngHead() : Buffer.alloc(16 * 1024);
        produced += chunk.length;
        this.push(chunk);
      },
    });
    await expect(store.receive(endless, { maxBytes: 100_000 })).rejects.toMatchObject({
      status: 413,
      code: FileStoreErrorCode.TooLarge,
    });
    expect(produced).toBeLessThan(100_000 + 64 * 1024);
    expect(tmpFiles()).toEqual([]);
    expect(await objects()).toEqual([]);
  });

  it('restores bytes under their hash only when they hash to it', async () => {
    const bytes = jpeg(12, 12);
    expect(await store.restoreFile(sha256(bytes), chunked(bytes))).toBe(true);
    expect(await store.verify(sha256(bytes))).toBe(true);
    const other = png(3, 3);
    expect(await store.restoreFile(sha256(other), chunked(bytes))).toBe(false);
    expect(await store.exists(sha256(other))).toBe(false);
    expect(await objects()).toHaveLength(1);
    expect(tmpFiles()).toEqual([]);
  });

  it('lists only evidence under its own prefix and shard', async () => {
    const kept = [png(5, 5), png(6, 6)];
    for (const bytes of kept)
      await store.commit(await store.receive(chunked(bytes), { maxBytes: 1 << 20 }));
    const put = (Key: string) =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'stray' }));
    await put(`${PREFIX}/notes.txt`);
    await put(`${PREFIX}/zz/${'a'.repeat(64)}`);
    await put(`school-b/evidence/${sha256(png(7, 7)).slice(0, 2)}/${sha256(png(7, 7))}`);
    const listed: string[] = [];
    for await (const file of store.listStored()) {
      listed.push(file.sha256);
      expect(file.storedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(listed.sort()).toEqual(kept.map(sha256).sort());
  });

  it('verify reports an object whose bytes do not match its name, or no object', async () => {
    const bytes = png(4, 4);
    const hash = sha256(bytes);
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${PREFIX}/${hash.slice(0, 2)}/${hash}`,
        Body: Buffer.concat([bytes, Buffer.from([0])]),
      }),
    );
    expect(await store.verify(hash)).toBe(false);
    expect(await store.verify('f'.repeat(64))).toBe(false);
    expect(await store.exists('f'.repeat(64))).toBe(false);
  });

  it('errors the stream of an object that is not there', async () => {
    await expect(readAll(store.openRead('e'.repeat(64)))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it.each(['../../etc/passwd', 'A'.repeat(64), `${'a'.repeat(63)}\0`])(
    'refuses the key %j',
    async (key) => {
      expect(() => store.openRead(key)).toThrow(/SHA-256/);
      await expect(store.exists(key)).rejects.toMatchObject({
        code: FileStoreErrorCode.InvalidKey,
      });
    },
  );

  it('says plainly at start-up when the bucket is missing', async () => {
    const missing = new S3FileStore(client, 'no-such-bucket-here', '', dataDir);
    await expect(missing.checkReady()).rejects.toThrow(
      'EVIDENCE_STORE s3://no-such-bucket-here/ cannot be used: the bucket does not exist',
    );
    await store.checkReady();
  });
});
