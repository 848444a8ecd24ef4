import { describe, expect, it } from '@jest/globals';
import { PdfErrorCode } from './pdf.exception.js';
import { OwnerSlots, Semaphore } from './semaphore.js';

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

describe('OwnerSlots', () => {
  const open = new AbortController().signal;

  it('runs perOwner jobs of one owner, queues maxWaiting more, refuses the rest; others are unaffected', async () => {
    const slots = new OwnerSlots(1, 1);
    const a1 = await slots.acquire('a', open);
    let a2Granted = false;
    const a2 = slots.acquire('a', open).then((release) => ((a2Granted = true), release));
    await expect(slots.acquire('a', open)).rejects.toMatchObject({
      code: PdfErrorCode.PdfRendersInProgress,
      status: 429,
    });
    const b = await slots.acquire('b', open); // another owner: not held up by a's jobs
    expect(a2Granted).toBe(false);

    a1();
    (await a2)();
    b();
    expect(a2Granted).toBe(true);
    expect(slots.owners).toBe(0); // an owner with nothing running is forgotten
    (await slots.acquire(undefined, open))(); // a job with no owner is never limited
  });

  it('lets a waiting job leave when its signal aborts, and forgets the owner', async () => {
    const slots = new OwnerSlots(1, 1);
    const a1 = await slots.acquire('a', open);
    const leaving = new AbortController();
    const a2 = slots.acquire('a', leaving.signal);
    leaving.abort(new Error('gone'));
    await expect(a2).rejects.toThrow('gone');
    a1();
    expect(slots.owners).toBe(0);
  });
});
