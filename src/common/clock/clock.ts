/**
 * The only source of "now". Services take a Clock so that deadlines, appeal windows and
 * timestamps can be tested without waiting or patching the global Date.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  override now(): Date {
    return new Date();
  }
}

/** A clock that only moves when a test moves it. */
export class FixedClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-05T09:00:00.000Z') {
    super();
    this.current = FixedClock.toMillis(start);
  }

  /** A fresh Date each call, so a caller mutating it cannot move the clock. */
  override now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): this {
    this.current = FixedClock.toMillis(to);
    return this;
  }

  advance(ms: number): this {
    if (!Number.isFinite(ms)) throw new RangeError(`FixedClock.advance: not a number of ms: ${ms}`);
    this.current += ms;
    return this;
  }

  /** Exactly n x 24 hours, which is not "n calendar days" across a clock change in London. */
  advanceHours(hours: number): this {
    return this.advance(hours * 3_600_000);
  }

  advanceDays(days: number): this {
    return this.advance(days * 86_400_000);
  }

  private static toMillis(value: Date | string): number {
    const ms = (typeof value === 'string' ? new Date(value) : value).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`FixedClock: invalid date: ${String(value)}`);
    return ms;
  }
}
