import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  mkdir,
  open,
  readdir,
  rename,
  rmdir,
  stat,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore, type ReceiveOptions, type ReceivedFile } from './file-store.js';
import { FileStoreErrorCode, FileStoreException } from './file-store.exception.js';
import { legacyShardedPath, SHA256_HEX, SHARD_NAME, shardedPath } from './store-layout.js';
import { FileTypeInspector } from '../file-types/file-type-inspector.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../file-types/file-type.types.js';

const TEMP_SUFFIX = '.part';
/** Chunks are gathered up to this size before a write, so a screenshot takes a few writes. */
const WRITE_BATCH_BYTES = 256 * 1024;

/**
 * The FileStore on a local directory: bytes are streamed into tmp/ while hashed and inspected,
 * then moved to evidence/<aa>/<sha256>, so a stored file's name is its own integrity check and the
 * same screenshot uploaded twice is kept once. Temp and final paths share one file system so the
 * move is an atomic rename. One level of 256 directories, as git has it: a school's thousands of
 * files fit easily, and a second level would add a directory to make and flush for nearly every
 * new file.
 */
@Injectable()
export class LocalFileStore extends FileStore {
  private readonly tmpDir: string;
  /** Shard directories known to exist (they are never removed while the app runs). */
  private readonly knownDirs = new Set<string>();
  /** Received files already moved into the store: nothing is left in tmp/ to discard. */
  private readonly committed = new WeakSet<ReceivedFile>();
  private readonly evidenceDir: string;

  constructor(
    private readonly dataDir: string,
    private readonly imageLimits: ImageLimits = DEFAULT_IMAGE_LIMITS,
  ) {
    super();
    this.tmpDir = join(dataDir, 'tmp');
    this.evidenceDir = join(dataDir, 'evidence');
  }

  /**
   * Streams `source` into a temp file, never holding more than one chunk in memory. The file is
   * judged as it arrives, so a refused type or an oversize upload stops reading at once; on any
   * failure the temp file is gone before the promise rejects. The source is destroyed when
   * reading stops early.
   */
  async receive(source: Readable, { maxBytes }: ReceiveOptions): Promise<ReceivedFile> {
    // An error before iteration starts would otherwise be unhandled; the loop still sees it.
    source.on('error', () => undefined);
    const tempPath = join(this.tmpDir, `${randomBytes(16).toString('hex')}${TEMP_SUFFIX}`);
    let file: FileHandle;
    try {
      file = await openCreatingDir(tempPath, this.tmpDir);
    } catch (error) {
      source.destroy();
      throw error;
    }
    const hash = createHash('sha256');
    const inspector = new FileTypeInspector(this.imageLimits);
    let size = 0;
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const writeBatch = async () => {
      const [buffers, total] = [batch, batchBytes];
      batch = [];
      batchBytes = 0;
      const { bytesWritten } = await file.writev(buffers);
      // A short write is rare on a regular file; the rest then goes out in plain writes.
      if (bytesWritten < total) await writeAll(file, Buffer.concat(buffers).subarray(bytesWritten));
    };
    try {
      for await (const chunk of source) {
        // Held until its batch is written: a readable stream hands over its chunks for good.
        const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        size += bytes.length;
        if (size > maxBytes) {
          throw new FileStoreException(
            FileStoreErrorCode.TooLarge,
            `Each file may be at most ${maxBytes} bytes`,
          );
        }
        inspector.write(bytes);
        hash.update(bytes);
        batch.push(bytes);
        batchBytes += bytes.length;
        if (batchBytes >= WRITE_BATCH_BYTES) await writeBatch();
      }
      const { mimeType } = inspector.end();
      if (batchBytes > 0) await writeBatch();
      // Made read-only and flushed here, on the open handle, so commit() is a rename: stored
      // evidence is never modified in place.
      await file.chmod(0o400);
      await file.sync();
      await file.close();
      return { tempPath, sha256: hash.digest('hex'), size, mimeType };
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlinkIfPresent(tempPath);
      throw error;
    }
  }

  /**
   * Makes a received file permanent and returns its key relative to dataDir. The bytes are
   * flushed before the rename and the directory after it, so a crash leaves either no file or
   * the whole file under its hash.
   */
  async commit(received: ReceivedFile): Promise<string> {
    this.assertTempPath(received.tempPath);
    const sha256 = assertSha256(received.sha256);
    const dir = this.shardDir(sha256);
    const finalPath = join(dir, sha256);
    const key = relative(this.dataDir, finalPath).split(sep).join('/');
    // Already stored: this upload's copy stays in tmp/ until discard(), in case a failed upload
    // of the same bytes removes the stored one before this upload is recorded (ensureStored()).
    if (await isFile(finalPath)) return key;
    // mkdir only for a shard not seen yet: most uploads land in a directory that exists.
    const created = this.knownDirs.has(dir)
      ? undefined
      : await mkdir(dir, { recursive: true, mode: 0o700 });
    this.knownDirs.add(dir);
    await rename(received.tempPath, finalPath);
    this.committed.add(received);
    await fsyncDir(dir);
    if (created) {
      // Each directory mkdir made must itself be recorded in its parent: flush every parent
      // from the shard's own up to the one holding the first directory made.
      const top = dirname(created);
      for (let parent = dirname(dir); ; parent = dirname(parent)) {
        await fsyncDir(parent);
        if (parent === top || parent === dirname(parent)) break;
      }
    }
    return key;
  }

  /** Whether commit() moved this file into the store, rather than finding its bytes there. */
  movedIn(received: ReceivedFile): boolean {
    return this.committed.has(received);
  }

  /**
   * For the transaction recording an upload, just before it commits: the file must still be in
   * the store. If a failed upload of the same bytes removed it meanwhile, this upload's own copy
   * (kept in tmp/ by commit()) goes back in.
   */
  async ensureStored(received: ReceivedFile): Promise<void> {
    if (await this.exists(received.sha256)) return;
    if (this.committed.has(received)) throw new Error('A stored evidence file has gone missing');
    await this.commit(received);
  }

  /** Every stored file, by hash, with when it was stored (for reconciling against the database). */
  async *listStored(): AsyncIterable<{ sha256: string; storedAt: Date }> {
    for (const shard of await readdirIfPresent(this.evidenceDir)) {
      const dir = join(this.evidenceDir, shard);
      for (const name of await readdirIfPresent(dir)) {
        if (!SHA256_HEX.test(name)) continue;
        const info = await stat(join(dir, name)).catch(() => null);
        if (info?.isFile()) yield { sha256: name, storedAt: info.mtime };
      }
    }
  }

  /**
   * Moves files a store laid out as evidence/<aa>/<bb>/<sha256> (before November 2026) into
   * evidence/<aa>/<sha256>, and removes the emptied directories. For start-up, before anything
   * is read: each move is an atomic rename, so an interrupted run simply continues next time.
   */
  async migrateLegacyLayout(): Promise<number> {
    let moved = 0;
    for (const shard of await readdirIfPresent(this.evidenceDir)) {
      const dir = join(this.evidenceDir, shard);
      const legacyDirs = (await readdirIfPresent(dir)).filter((n) => SHARD_NAME.test(n));
      for (const legacy of legacyDirs) {
        for (const name of await readdirIfPresent(join(dir, legacy))) {
          const from = join(dir, legacy, name);
          if (!SHA256_HEX.test(name) || from !== legacyShardedPath(this.evidenceDir, name))
            continue;
          try {
            await rename(from, shardedPath(this.evidenceDir, name));
            moved++;
          } catch (error) {
            // Another instance sharing the store moved it first.
            if (!isNotFound(error)) throw error;
          }
        }
      }
      if (legacyDirs.length === 0) continue;
      await fsyncDir(dir);
      for (const legacy of legacyDirs) {
        await rmdir(join(dir, legacy)).catch(() => undefined); // left alone if not empty
      }
      await fsyncDir(dir);
    }
    return moved;
  }

  /**
   * Deletes a stored file. Only for undoing a commit whose database transaction then failed:
   * evidence that belongs to a case is never deleted by a user.
   */
  async remove(sha256: string): Promise<void> {
    const checked = assertSha256(sha256);
    await unlinkIfPresent(join(this.shardDir(checked), checked));
  }

  async discard(received: ReceivedFile): Promise<void> {
    this.assertTempPath(received.tempPath);
    if (this.committed.has(received)) return;
    await unlinkIfPresent(received.tempPath);
  }

  /** Callers check exists() first (or trust their record): a missing file errors the stream. */
  openRead(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    return isFile(this.pathOf(sha256));
  }

  /** Re-hashes the stored bytes: false if they are missing or no longer match their name. */
  async verify(sha256: string): Promise<boolean> {
    const path = this.pathOf(sha256);
    if (!(await isFile(path))) return false;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex') === sha256;
  }

  /**
   * Deletes uploads a crash or kill left half-written. Meant for start-up: at run time it would
   * also delete uploads in flight, unless `olderThanMs` spares them.
   */
  async sweepTemp(olderThanMs = 0): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tmpDir);
    } catch (error) {
      if (isNotFound(error)) return 0;
      throw error;
    }
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith(TEMP_SUFFIX)) continue;
      const path = join(this.tmpDir, name);
      if (olderThanMs > 0) {
        const info = await stat(path).catch(() => undefined);
        if (!info || info.mtimeMs > cutoff) continue;
      }
      if (await unlinkIfPresent(path)) removed++;
    }
    return removed;
  }

  private pathOf(sha256: string): string {
    return shardedPath(this.evidenceDir, assertSha256(sha256));
  }

  private shardDir(sha256: string): string {
    return dirname(shardedPath(this.evidenceDir, sha256));
  }

  /** A ReceivedFile is plain data: refuse to move or delete anything outside tmp/. */
  private assertTempPath(tempPath: string): void {
    const rel = relative(this.tmpDir, tempPath);
    if (rel.includes(sep) || rel.startsWith('..') || !rel.endsWith(TEMP_SUFFIX)) {
      throw new Error('Not a temp file of this evidence store');
    }
  }
}

function assertSha256(value: string): string {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw new FileStoreException(FileStoreErrorCode.InvalidKey, 'Not a SHA-256 evidence key');
  }
  return value;
}

async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

async function fsyncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function unlinkIfPresent(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function readdirIfPresent(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    )
      return [];
    throw error;
  }
}

/** Opens a new file, creating its directory only when it turns out to be missing. */
async function openCreatingDir(path: string, dir: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return open(path, 'wx', 0o600);
  }
}
