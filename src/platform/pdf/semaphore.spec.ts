import { describe, expect, it } from '@jest/globals';
import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it('queues beyond its permits and hands them over in order', async () => {
    const semaphore = new Semaphore(2);
    const first = await semaphore.acquire();
    await semaphore.acquire();
    const order: number[] = [];
    const third = semaphore.acquire().then((release) => (order.push(3), release));
    const fourth = semaphore.acquire().then((release) => (order.push(4), release));
    expect([semaphore.inUse, semaphore.waiting]).toEqual([2, 2]);

    first();
    first(); // releasing twice must not free a second permit
    (await third)();
    await fourth;

    expect(order).toEqual([3, 4]);
    expect([semaphore.inUse, semaphore.waiting]).toEqual([2, 0]);
  });

  it('drops a waiter whose signal aborts', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);

    controller.abort(new Error('deadline'));

    await expect(waiting).rejects.toThrow('deadline');
    expect(semaphore.waiting).toBe(0);
    release();
    expect(semaphore.inUse).toBe(0);
  });

  it('rejects everyone queued on request', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const waiting = semaphore.acquire();

    semaphore.rejectWaiting(new Error('closing'));

    await expect(waiting).rejects.toThrow('closing');
  });
});
