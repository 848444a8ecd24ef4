import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, open, readdir, rename, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore, type ReceiveOptions, type ReceivedFile } from './file-store.js';
import { legacyShardedPath, SHA256_HEX, SHARD_NAME, shardedPath } from './store-layout.js';
import { assertSha256, isNotFound, TempArea, unlinkIfPresent, type TempFile } from './temp-area.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../file-types/file-type.types.js';

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
  private readonly temp: TempArea;
  /** Shard directories known to exist (they are never removed while the app runs). */
  private readonly knownDirs = new Set<string>();
  /** Received files already moved into the store: nothing is left in tmp/ to discard. */
  private readonly committed = new WeakSet<TempFile>();
  private readonly evidenceDir: string;

  constructor(
    private readonly dataDir: string,
    private readonly imageLimits: ImageLimits = DEFAULT_IMAGE_LIMITS,
  ) {
    super();
    this.temp = new TempArea(join(dataDir, 'tmp'));
    this.evidenceDir = join(dataDir, 'evidence');
  }

  get location(): string {
    return this.evidenceDir;
  }

  /** A directory is made on first use; nothing to check ahead of it. */
  async checkReady(): Promise<void> {}

  /**
   * Streams `source` into a temp file, never holding more than one chunk in memory. The file is
   * judged as it arrives, so a refused type or an oversize upload stops reading at once; on any
   * failure the temp file is gone before the promise rejects. The source is destroyed when
   * reading stops early.
   */
  async receive(source: Readable, { maxBytes }: ReceiveOptions): Promise<ReceivedFile> {
    const { mimeType, ...file } = await this.temp.write(source, {
      maxBytes,
      imageLimits: this.imageLimits,
    });
    return { ...file, mimeType: mimeType! };
  }

  /**
   * Makes a received file permanent and returns its key relative to dataDir. The bytes are
   * flushed before the rename and the directory after it, so a crash leaves either no file or
   * the whole file under its hash.
   */
  async commit(received: ReceivedFile): Promise<string> {
    return this.moveIn(received);
  }

  private async moveIn(received: TempFile): Promise<string> {
    this.temp.assertOwn(received.tempPath);
    const sha256 = assertSha256(received.sha256);
    const dir = this.shardDir(sha256);
    const finalPath = join(dir, sha256);
    const key = relative(this.dataDir, finalPath).split(sep).join('/');
    // Already stored: this upload's copy stays in tmp/ until discard(), in case a failed upload
    // of the same bytes removes the stored one before this upload is recorded (ensureStored()).
    if (await isFile(finalPath)) return key;
    // mkdir only for a shard not seen yet: most uploads land in a directory that exists.
    let created = this.knownDirs.has(dir)
      ? undefined
      : await mkdir(dir, { recursive: true, mode: 0o700 });
    this.knownDirs.add(dir);
    try {
      await rename(received.tempPath, finalPath);
    } catch (error) {
      // The whole store was moved away under us (restore --force moves it aside): make it again.
      if (!isNotFound(error) || created !== undefined) throw error;
      created = await mkdir(dir, { recursive: true, mode: 0o700 });
      await rename(received.tempPath, finalPath);
    }
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
    // Called inside the report's transaction, which on SQLite holds the one connection: a
    // synchronous stat (microseconds) rather than a trip through libuv's thread pool, during
    // which the event loop would run other requests' uploads with the transaction still open
    // (it held it 7.3 ms on average under the intake bench).
    if (isFileNow(this.pathOf(received.sha256))) return;
    if (this.committed.has(received)) throw new Error('A stored evidence file has gone missing');
    await this.commit(received);
  }

  /**
   * Every stored file, by hash, with when it was stored (for reconciling against the database).
   * Files still in the layout before November 2026 are listed too: a backup may run before the
   * app has started once on a store that old (openRead finds them there as well).
   */
  async *listStored(): AsyncIterable<{ sha256: string; storedAt: Date }> {
    // An interrupted layout migration can leave one file in both places.
    const seen = new Set<string>();
    for (const shard of await readdirIfPresent(this.evidenceDir)) {
      if (!SHARD_NAME.test(shard)) continue;
      const dir = join(this.evidenceDir, shard);
      for (const name of await readdirIfPresent(dir)) {
        const paths = SHARD_NAME.test(name)
          ? (await readdirIfPresent(join(dir, name))).map((legacy) => join(dir, name, legacy))
          : [join(dir, name)];
        for (const path of paths) {
          const hash = path.slice(path.lastIndexOf(sep) + 1);
          // Only a file under its own shard(s) is evidence: anything else is a stray.
          if (!SHA256_HEX.test(hash)) continue;
          const expected = [
            shardedPath(this.evidenceDir, hash),
            legacyShardedPath(this.evidenceDir, hash),
          ];
          if (!expected.includes(path)) continue;
          const info = await stat(path).catch(() => null);
          if (!info?.isFile() || seen.has(hash)) continue;
          seen.add(hash);
          yield { sha256: hash, storedAt: info.mtime };
        }
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
    this.temp.assertOwn(received.tempPath);
    if (this.committed.has(received)) return;
    await this.temp.remove(received.tempPath);
  }

  async restoreFile(sha256: string, source: Readable): Promise<boolean> {
    assertSha256(sha256);
    const file = await this.temp.write(source, { maxBytes: Number.MAX_SAFE_INTEGER });
    try {
      if (file.sha256 !== sha256) return false;
      await this.moveIn(file);
      return true;
    } finally {
      if (!this.committed.has(file)) await this.temp.remove(file.tempPath);
    }
  }

  /** Callers check exists() first (or trust their record): a missing file errors the stream. */
  openRead(sha256: string): Readable {
    const path = this.pathOf(sha256);
    const legacy = legacyShardedPath(this.evidenceDir, sha256);
    // Only a store the app has not started on since the layout changed still has these.
    return createReadStream(!existsSync(path) && existsSync(legacy) ? legacy : path);
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

  /** Deletes temp files a crash left behind, sparing those younger than `olderThanMs`. */
  async sweepTemp(olderThanMs = 0): Promise<number> {
    return this.temp.sweep(olderThanMs);
  }

  private pathOf(sha256: string): string {
    return shardedPath(this.evidenceDir, assertSha256(sha256));
  }

  private shardDir(sha256: string): string {
    return dirname(shardedPath(this.evidenceDir, sha256));
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

function isFileNow(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
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
