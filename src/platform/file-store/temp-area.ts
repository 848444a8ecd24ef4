import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { ReceivedFile } from './file-store.js';
import { FileStoreErrorCode, FileStoreException } from './file-store.exception.js';
import { FileTypeInspector } from '../file-types/file-type-inspector.js';
import type { ImageLimits } from '../file-types/file-type.types.js';

export const TEMP_SUFFIX = '.part';
/** Chunks are gathered up to this size before a write, so a screenshot takes a few writes. */
const WRITE_BATCH_BYTES = 256 * 1024;

/** A file streamed into tmp/, hashed as it arrived. */
export interface TempFile {
  tempPath: string;
  sha256: string;
  size: number;
}

/**
 * DATA_DIR/tmp, where every store lands an upload before it is committed: the bytes are hashed
 * (and, for an upload, judged by their type) as they stream in, so nothing is committed under a
 * hash it was not checked against. Both stores use it: the local one renames from here, the S3
 * one uploads from here (and keeps the copy until the upload is recorded).
 */
export class TempArea {
  constructor(readonly dir: string) {}

  /**
   * Streams `source` into a new temp file, never holding more than one batch in memory. With an
   * inspector the file is judged as it arrives, so a refused type stops reading at once; so does
   * an oversize file. On any failure the temp file is gone before the promise rejects, and the
   * source is destroyed when reading stopped early.
   */
  async write(
    source: Readable,
    options: { maxBytes: number; imageLimits?: ImageLimits },
  ): Promise<TempFile & { mimeType?: ReceivedFile['mimeType'] }> {
    // An error before iteration starts would otherwise be unhandled; the loop still sees it.
    source.on('error', () => undefined);
    const tempPath = join(this.dir, `${randomBytes(16).toString('hex')}${TEMP_SUFFIX}`);
    let file: FileHandle;
    try {
      file = await openCreatingDir(tempPath, this.dir);
    } catch (error) {
      source.destroy();
      throw error;
    }
    const hash = createHash('sha256');
    const inspector = options.imageLimits ? new FileTypeInspector(options.imageLimits) : null;
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
        if (size > options.maxBytes) {
          throw new FileStoreException(
            FileStoreErrorCode.TooLarge,
            `Each file may be at most ${options.maxBytes} bytes`,
          );
        }
        inspector?.write(bytes);
        hash.update(bytes);
        batch.push(bytes);
        batchBytes += bytes.length;
        if (batchBytes >= WRITE_BATCH_BYTES) await writeBatch();
      }
      const verdict = inspector?.end();
      if (batchBytes > 0) await writeBatch();
      // Made read-only and flushed here, on the open handle: the bytes that were hashed are the
      // bytes a commit moves or uploads, and nothing changes them in between.
      await file.chmod(0o400);
      await file.sync();
      await file.close();
      return { tempPath, sha256: hash.digest('hex'), size, mimeType: verdict?.mimeType };
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlinkIfPresent(tempPath);
      throw error;
    }
  }

  /** A ReceivedFile is plain data: refuse to move, upload or delete anything outside tmp/. */
  assertOwn(tempPath: string): void {
    const rel = relative(this.dir, tempPath);
    if (rel.includes(sep) || rel.startsWith('..') || !rel.endsWith(TEMP_SUFFIX)) {
      throw new Error('Not a temp file of this evidence store');
    }
  }

  async remove(tempPath: string): Promise<boolean> {
    this.assertOwn(tempPath);
    return unlinkIfPresent(tempPath);
  }

  /**
   * Deletes uploads a crash or kill left half-written. Meant for start-up: at run time it would
   * also delete uploads in flight, unless `olderThanMs` spares them.
   */
  async sweep(olderThanMs = 0): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isNotFound(error)) return 0;
      throw error;
    }
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith(TEMP_SUFFIX)) continue;
      const path = join(this.dir, name);
      if (olderThanMs > 0) {
        const info = await stat(path).catch(() => undefined);
        if (!info || info.mtimeMs > cutoff) continue;
      }
      if (await unlinkIfPresent(path)) removed++;
    }
    return removed;
  }
}

export function assertSha256(value: string): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
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

export async function unlinkIfPresent(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
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
