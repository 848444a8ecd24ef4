import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;

/** Where the evidence store keeps a hash, relative to its evidence/ directory. */
export function shardedPath(root: string, sha256: string): string {
  return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/**
 * The hashes stored under an evidence directory laid out as aa/bb/<sha256>, sorted. Anything
 * else in there (a stray file, a wrongly sharded name) is not evidence and is left out.
 */
export async function listEvidence(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const first of await namesIn(root)) {
    if (!SHARD.test(first)) continue;
    for (const second of await namesIn(join(root, first))) {
      if (!SHARD.test(second)) continue;
      for (const name of await namesIn(join(root, first, second))) {
        if (SHA256_HEX.test(name) && name.startsWith(first + second)) found.push(name);
      }
    }
  }
  return found.sort();
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
 * Copies `source` to a new file `target` (which must not exist), hashing the bytes as they
 * pass, and flushes it. The hash is of exactly the bytes written, so a caller comparing it
 * with the expected name has verified the copy, not just the original.
 */
export async function copyHashed(
  source: string,
  target: string,
  mode: number,
): Promise<CopyResult> {
  let input: AsyncIterable<Buffer>;
  const reader = createReadStream(source);
  try {
    // Opening fails here, before the target exists, when the source has gone.
    await new Promise<void>((resolve, reject) => {
      reader.once('open', () => resolve());
      reader.once('error', reject);
    });
    input = reader;
  } catch (error) {
    if (isNotFound(error)) return 'missing';
    throw error;
  }
  let file: FileHandle;
  try {
    file = await open(target, 'wx', mode);
  } catch (error) {
    reader.destroy();
    throw error;
  }
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of input) {
      hash.update(chunk);
      bytes += chunk.length;
      let offset = 0;
      while (offset < chunk.length) {
        offset += (await file.write(chunk, offset, chunk.length - offset)).bytesWritten;
      }
    }
    await file.sync();
  } catch (error) {
    reader.destroy();
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

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
