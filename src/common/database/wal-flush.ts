import { open } from 'node:fs/promises';

/**
 * Makes SQLite commits durable without blocking the event loop. better-sqlite3 runs on the main
 * thread, so a commit at `synchronous = FULL` holds every request while the disk flushes the
 * write-ahead log (0.4 ms on a quiet disk, 3 ms on a busy one, once or more per report). A
 * transaction instead commits at NORMAL, which SQLite keeps consistent through a power cut but
 * may lose, and its caller is answered only after `flush()`: an fdatasync of the log from
 * libuv's thread pool. One flush covers every commit written before it began, so reports
 * committed together share one, as PostgreSQL's group commit does. SQLite's own flushes at
 * checkpoints are unchanged.
 */
export class WalFlush {
  /** Flushes begun and finished: what a test can see of the work. */
  started = 0;
  finished = 0;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  /** `walPath` null: nothing to flush (PostgreSQL, an in-memory database). */
  constructor(private readonly walPath: string | null) {}

  /** Settles once everything committed before the call is on disk. */
  flush(): Promise<void> {
    if (!this.walPath) return Promise.resolve();
    if (!this.running) {
      this.running = this.sync(this.walPath).finally(() => (this.running = null));
      return this.running;
    }
    // The flush under way may have begun before the caller's commit was written: wait for the
    // one after it, which every caller arriving meanwhile shares.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.flush();
      });
    return this.next;
  }

  protected async sync(path: string): Promise<void> {
    this.started++;
    // Opened each time: SQLite may replace the log file (a restore, the last connection closing).
    const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      // No log: nothing was written yet, or the last connection to close moved it all into
      // the database file, which SQLite flushes itself when it does.
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    try {
      await file?.datasync();
    } finally {
      await file?.close();
    }
    this.finished++;
  }
}
