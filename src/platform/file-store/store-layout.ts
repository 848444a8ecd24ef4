import { join } from 'node:path';

/**
 * Where the evidence store keeps a file: the one description of its layout, shared by the store
 * and by backup and restore, which read stores and snapshots without the app running.
 */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A shard directory's name: the first two hex digits of the hashes it holds. */
export const SHARD_NAME = /^[0-9a-f]{2}$/;

/** evidence/<aa>/<sha256>, relative to `root` (a store's or a snapshot's evidence directory). */
export function shardedPath(root: string, sha256: string): string {
  return join(root, sha256.slice(0, 2), sha256);
}

/** evidence/<aa>/<bb>/<sha256>, as stores and snapshots made before November 2026 kept it. */
export function legacyShardedPath(root: string, sha256: string): string {
  return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}
