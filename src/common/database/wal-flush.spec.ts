import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { WalFlush } from './wal-flush.js';

/** The real flush, held at its start until the test lets it go, with the order things ran. */
class HeldFlush extends WalFlush {
  readonly events: string[] = [];
  private releases: Array<() => void> = [];

  protected override async sync(path: string): Promise<void> {
    const n = this.started + 1;
    this.events.push(`sync ${n} begins`);
    await new Promise<void>((release) => this.releases.push(release));
    await super.sync(path);
    this.events.push(`sync ${n} ends`);
  }

  /** Lets the oldest held flush go on, once it has begun. */
  async release(): Promise<void> {
    while (this.releases.length === 0) await new Promise((r) => setImmediate(r));
    this.releases.shift()!();
  }
}

describe('WalFlush', () => {
  let dir: string;
  let wal: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wal-flush-'));
    wal = join(dir, 'cases.sqlite-wal');
    writeFileSync(wal, 'frames');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a caller only after a flush that began after it asked', async () => {
    const flush = new HeldFlush(wal);
    const first = flush.flush().then(() => flush.events.push('first answered'));
    // Asked while the first flush is under way: its commit may postdate that flush's start.
    const second = flush.flush().then(() => flush.events.push('second answered'));
    const third = flush.flush().then(() => flush.events.push('third answered'));

    await flush.release();
    await first;
    expect(flush.events).toEqual(['sync 1 begins', 'sync 1 ends', 'first answered']);

    await flush.release();
    await Promise.all([second, third]);
    expect(flush.events.slice(3)).toEqual([
      'sync 2 begins',
      'sync 2 ends',
      'second answered',
      'third answered',
    ]);
    // Everyone who asked during a flush shares the next one.
    expect([flush.started, flush.finished]).toEqual([2, 2]);
  });

  it('fails the callers of a flush that fails, and flushes again for the next', async () => {
    // A log path under a plain file cannot be opened (ENOTDIR).
    const flush = new WalFlush(join(wal, 'not-a-log'));
    await expect(flush.flush()).rejects.toThrow('ENOTDIR');

    (flush as unknown as { walPath: string }).walPath = wal;
    await expect(flush.flush()).resolves.toBeUndefined();
    expect([flush.started, flush.finished]).toEqual([2, 1]);
  });

  it('has nothing to flush before the first write makes the log', async () => {
    const flush = new WalFlush(join(dir, 'not-written-yet-wal'));
    await flush.flush();
    expect([flush.started, flush.finished]).toEqual([1, 1]);
  });

  it('has nothing to flush without a log file (PostgreSQL, a database in memory)', async () => {
    const flush = new WalFlush(null);
    await flush.flush();
    expect(flush.started).toBe(0);
  });
});
