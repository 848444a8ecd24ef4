import { PdfErrorCode, PdfException } from './pdf.exception.js';

export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  fail: (error: unknown) => void;
}

/** Counting semaphore whose waiters leave the queue when their AbortSignal fires. */
export class Semaphore {
  private free: number;
  private readonly waiters: Waiter[] = [];

  constructor(readonly permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError('permits must be >= 1');
    this.free = permits;
  }

  get inUse(): number {
    return this.permits - this.free;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Fails every queued acquire; permits already held are unaffected. */
  rejectWaiting(error: unknown): void {
    for (const waiter of this.waiters.splice(0)) waiter.fail(error);
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The permit passes straight to the next waiter, so a newcomer cannot overtake the queue.
      if (next) next.grant(this.releaser());
      else this.free++;
    };
  }
}

/**
 * A semaphore per owner, made when their first job arrives and dropped when their last ends:
 * at most `perOwner` of one owner's jobs run at once and `maxWaiting` more wait; a job beyond
 * that is refused at once (429), since it would only wait behind the owner's own work.
 */
export class OwnerSlots {
  private readonly byOwner = new Map<string, Semaphore>();

  constructor(
    private readonly perOwner: number,
    private readonly maxWaiting: number,
  ) {}

  async acquire(owner: string | undefined, signal: AbortSignal): Promise<Release> {
    if (owner === undefined) return () => undefined;
    let slots = this.byOwner.get(owner);
    if (!slots) {
      slots = new Semaphore(this.perOwner);
      this.byOwner.set(owner, slots);
    }
    if (slots.inUse >= this.perOwner && slots.waiting >= this.maxWaiting) {
      throw new PdfException(
        PdfErrorCode.PdfRendersInProgress,
        'Your other documents are still being made; try again when they are ready',
      );
    }
    const own = slots;
    const forget = () => {
      if (own.inUse === 0 && own.waiting === 0 && this.byOwner.get(owner) === own)
        this.byOwner.delete(owner);
    };
    let release: Release;
    try {
      release = await own.acquire(signal);
    } catch (error) {
      forget();
      throw error;
    }
    return () => {
      release();
      forget();
    };
  }

  /** Owners with a job running or waiting (for tests and stats). */
  get owners(): number {
    return this.byOwner.size;
  }
}
