import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FileStore } from '../platform/file-store/file-store.js';
import {
  legacyShardedPath,
  SHA256_HEX,
  SHARD_NAME,
  shardedPath,
} from '../platform/file-store/store-layout.js';

/**
 * The file holding a hash under `root`, in either layout (a snapshot, or a store the app has not
 * started on since the layout changed, may still use the old one). Where neither exists, the
 * current layout's path, so the caller meets the missing file there.
 */
export async function locateEvidence(root: string, sha256: string): Promise<string> {
  const current = shardedPath(root, sha256);
  if (await isFile(current)) return current;
  const legacy = legacyShardedPath(root, sha256);
  return (await isFile(legacy)) ? legacy : current;
}

/**
 * The hashes stored under an evidence directory, in either layout, sorted and once each.
 * Anything else in there (a stray file, a wrongly sharded name) is not evidence and is left out.
 */
export async function listEvidence(root: string): Promise<string[]> {
  const found = new Set<string>();
  for (const first of await namesIn(root)) {
    if (!SHARD_NAME.test(first)) continue;
    for (const name of await namesIn(join(root, first))) {
      if (SHA256_HEX.test(name) && name.startsWith(first)) found.add(name);
      if (!SHARD_NAME.test(name)) continue;
      for (const legacy of await namesIn(join(root, first, name))) {
        if (SHA256_HEX.test(legacy) && legacy.startsWith(first + name)) found.add(legacy);
      }
    }
  }
  return [...found].sort();
}

/** The SHA-256 of a file's bytes, or null when there is no such file. */
export async function sha256OfFile(path: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  return hash.digest('hex');
}

export type CopyResult = { bytes: number; sha256: string } | 'missing';

/**
 * Copies one stored file out of the evidence store into a new file `target`, hashing the bytes
 * as they pass (see copyHashed). 'missing' when the store no longer has it.
 */
export async function copyFromStore(
  store: FileStore,
  sha256: string,
  target: string,
  mode: number,
): Promise<CopyResult> {
  try {
    return await copyStreamHashed(store.openRead(sha256), target, mode);
  } catch (error) {
    // Each store reports a missing file its own way (ENOENT, NoSuchKey): ask it instead.
    if (!(await store.exists(sha256))) return 'missing';
    throw error;
  }
}

/**
 * Copies `source` to a new file `target` (which must not exist), hashing the bytes as they
 * pass, and flushes it. The hash is of exactly the bytes written, so a caller comparing it
 * with the expected name has verified the copy, not just the original.
 */
export async function copyHashed(
  source: string,
  target: string,
  mode: number,
): Promise<CopyResult> {
  const reader = createReadStream(source);
  try {
    // Opening fails here, before the target exists, when the source has gone.
    await new Promise<void>((resolve, reject) => {
      reader.once('open', () => resolve());
      reader.once('error', reject);
    });
  } catch (error) {
    if (isNotFound(error)) return 'missing';
    throw error;
  }
  return copyStreamHashed(reader, target, mode);
}

/** Writes `input` to a new file `target` (which must not exist), hashing it, and flushes it. */
async function copyStreamHashed(
  input: Readable,
  target: string,
  mode: number,
): Promise<{ bytes: number; sha256: string }> {
  let file: FileHandle;
  try {
    file = await open(target, 'wx', mode);
  } catch (error) {
    input.destroy();
    throw error;
  }
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      let offset = 0;
      while (offset < chunk.length) {
        offset += (await file.write(chunk, offset, chunk.length - offset)).bytesWritten;
      }
    }
    await file.sync();
  } catch (error) {
    input.destroy();
    await file.close().catch(() => undefined);
    await unlink(target).catch(() => undefined);
    throw error;
  }
  await file.close();
  return { bytes, sha256: hash.digest('hex') };
}

export async function fsyncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    // A stray file where a shard directory belongs is not evidence either.
    if (isNotFound(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isNotFound(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
