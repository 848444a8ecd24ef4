import { describe, expect, it } from '@jest/globals';
import { untilAborted, withTimeout } from './deadline.js';

/** A promise and the means to settle it later. */
function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Rejections nobody handled while `run` went on, and for a moment after. */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const note = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', note);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', note);
  }
  return seen;
}

describe('untilAborted', () => {
  it('settles like the promise while the signal has not aborted', async () => {
    const work = later<string>();
    const raced = untilAborted(work.promise, new AbortController().signal);
    work.resolve('done');
    await expect(raced).resolves.toBe('done');
  });

  it('rejects with the reason as soon as the signal aborts, the promise still pending', async () => {
    const controller = new AbortController();
    const raced = untilAborted(later<string>().promise, controller.signal);
    controller.abort(new Error('gone'));
    await expect(raced).rejects.toThrow('gone');
  });

  // The browser may already be gone when a job asks for its page: the page's promise may then
  // reject later, with nobody waiting on it.
  it('leaves no unhandled rejection when the signal had aborted before, or aborts first', async () => {
    const seen = await unhandledDuring(async () => {
      const before = new AbortController();
      before.abort(new Error('gone before'));
      const early = later<string>();
      await expect(untilAborted(early.promise, before.signal)).rejects.toThrow('gone before');
      early.reject(new Error('late, after an abort before'));

      const during = new AbortController();
      const pending = later<string>();
      const raced = untilAborted(pending.promise, during.signal);
      during.abort(new Error('gone during'));
      await expect(raced).rejects.toThrow('gone during');
      pending.reject(new Error('late, after an abort during'));
    });
    expect(seen).toEqual([]);
  });

  it('withTimeout rejects after its time', async () => {
    await expect(withTimeout(later<string>().promise, 10)).rejects.toThrow();
  });
});
