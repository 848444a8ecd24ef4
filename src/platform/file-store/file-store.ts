import type { Readable } from 'node:stream';
import type { AcceptedMimeType } from '../file-types/file-type.types.js';

/** A file accepted by receive() and waiting in tmp/ for commit() or discard(). */
export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  size: number;
  mimeType: AcceptedMimeType;
}

export interface ReceiveOptions {
  maxBytes: number;
}

/**
 * Content-addressed file storage: a file is received (hashed and judged by its bytes while it
 * streams into tmp/), then committed under its SHA-256, so a stored file's name is its own
 * integrity check and the same bytes are kept once. Stored files are never modified; they are
 * only removed to undo a commit whose record failed, or as orphans nobody refers to.
 *
 * An abstract class, so it can be the injection token. LocalFileStore keeps the files in a
 * directory under DATA_DIR (the default); S3FileStore in S3-compatible object storage
 * (EVIDENCE_STORE=s3://bucket/prefix). Both land an upload in DATA_DIR/tmp first (TempArea).
 */
export abstract class FileStore {
  /** Where the files are, for operators' messages: a directory, or s3://bucket/prefix. */
  abstract readonly location: string;

  /** At start-up: fails with a message an operator can act on when the store cannot be used. */
  abstract checkReady(): Promise<void>;

  /**
   * Streams `source` into a temp file, never holding more than one chunk in memory. The file is
   * judged as it arrives, so a refused type or an oversize upload stops reading at once; on any
   * failure the temp file is gone before the promise rejects.
   */
  abstract receive(source: Readable, options: ReceiveOptions): Promise<ReceivedFile>;

  /** Makes a received file permanent, durably, and returns its key. */
  abstract commit(received: ReceivedFile): Promise<string>;

  /** Whether commit() moved this file into the store, rather than finding its bytes there. */
  abstract movedIn(received: ReceivedFile): boolean;

  /**
   * Just before the transaction recording an upload commits: the file must still be stored. If a
   * failed upload of the same bytes removed it meanwhile, this upload's own copy goes back in.
   */
  abstract ensureStored(received: ReceivedFile): Promise<void>;

  /** Deletes a received file that was not committed; a committed one is left alone. */
  abstract discard(received: ReceivedFile): Promise<void>;

  /** Deletes a stored file: only to undo a commit whose record then failed, or an orphan. */
  abstract remove(sha256: string): Promise<void>;

  /** Callers check exists() first (or trust their record): a missing file errors the stream. */
  abstract openRead(sha256: string): Readable;

  abstract exists(sha256: string): Promise<boolean>;

  /** Re-hashes the stored bytes: false if they are missing or no longer match their name. */
  abstract verify(sha256: string): Promise<boolean>;

  /**
   * For restore: stores `source` under `sha256` only if its bytes hash to that name (streamed
   * into tmp/ and checked before anything is committed). Resolves false when the bytes do not
   * match, leaving nothing behind. No type check: these bytes were judged when first uploaded.
   */
  abstract restoreFile(sha256: string, source: Readable): Promise<boolean>;

  /** Every stored file, by hash, with when it was stored (for reconciling against the database). */
  abstract listStored(): AsyncIterable<{ sha256: string; storedAt: Date }>;

  /** At start-up: brings a store written by an older version to the current layout. */
  abstract migrateLegacyLayout(): Promise<number>;

  /** Deletes temp files a crash left behind, sparing those younger than `olderThanMs`. */
  abstract sweepTemp(olderThanMs?: number): Promise<number>;
}
