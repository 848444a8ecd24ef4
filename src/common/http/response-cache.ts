import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Observable, of, tap } from 'rxjs';
import type { Actor } from '../actor.js';
import { Clock } from '../clock/clock.js';
import { DatabaseVersion } from '../database/database-version.js';

interface Entry {
  /** What a cached GET answered (always 200: an error never reaches the cache), byte for byte. */
  body: string;
  /** The database version and time the answer was worked out under. */
  version: string;
  at: number;
}

/**
 * An answer is reused for at most this long even when nothing was written: lists carry clocks
 * ("overdue", "due in 2 days") worked out from the time, so a reused one is never older than a
 * second, less than the time it takes to read it.
 */
const FRESH_FOR_MS = 1000;

/**
 * The answers of a few read-only lists (the case list page and API), kept per session and URL
 * and reused while the database is unchanged (DatabaseVersion) and the answer is under a second
 * old. An owner's inbox is read far more often than cases change; every write anywhere,
 * including a session ending or a role changing, makes every entry stale at once, so a reused
 * answer is one the same person would have been given by working it out again.
 *
 * lru-cache bounds it by count and by bytes. Where the database cannot say whether it changed
 * (PostgreSQL, shared by several instances), or with RESPONSE_CACHE=false, nothing is kept.
 */
@Injectable()
export class ResponseCache {
  private readonly entries = new LRUCache<string, Entry>({
    max: 2000,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, entry.body.length),
  });

  /** Answers reused and answers worked out where they might have been kept, since start. */
  readonly counts = { reused: 0, workedOut: 0 };

  constructor(
    private readonly version: DatabaseVersion,
    private readonly clock: Clock,
  ) {}

  /**
   * The answer kept for this person's session and URL while it is still good; otherwise the one
   * `workOut` gives, kept under the version read before it was worked out (a write meanwhile
   * makes it stale at once). Without a signed-in person, or when the database cannot tell
   * whether it changed, `workOut` answers and nothing is kept.
   */
  answer(
    actor: Actor | undefined,
    url: string,
    workOut: () => Observable<string>,
  ): Observable<string> {
    const version = actor ? this.version.current() : null;
    if (!actor || version === null) return workOut();
    const key = `${actor.sessionId}\u0000${actor.userId}\u0000${url}`;
    const at = this.clock.now().getTime();
    const entry = this.entries.get(key);
    if (entry && entry.version === version && at >= entry.at && at - entry.at < FRESH_FOR_MS) {
      this.counts.reused++;
      return of(entry.body);
    }
    this.counts.workedOut++;
    return workOut().pipe(tap((body) => this.entries.set(key, { body, version, at })));
  }
}
