import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { imageWorkerPid, inImageWorker } from './image-work.js';
import { procStat } from '../../../test/support/proc.js';

/** A process's parent and niceness, and whether it is an image worker (/proc). */
function processFacts(pid: number): { ppid: number; nice: number; imageWorker: boolean } {
  const stat = procStat(pid).fields;
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return {
    ppid: Number(stat[1]),
    nice: Number(stat[16]),
    imageWorker: environ.includes('IMAGE_WORKER_CHILD=1'),
  };
}

const alive = (pid: number) => readdirSync('/proc').includes(String(pid));

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();

describe('the image worker', () => {
  it('does the work in one child process at the lowest priority', async () => {
    const rendition = await inImageWorker('print-rendition', await png(1170, 2532));
    expect([rendition.width, rendition.height]).toEqual([546, 1181]);
    expect(await inImageWorker('perceptual-hash', await png(40, 30))).toMatch(/^[0-9a-f]{16}$/);
    const pid = imageWorkerPid()!;
    expect(processFacts(pid)).toEqual({ ppid: process.pid, nice: 19, imageWorker: true });
  });

  it('refuses bytes that are no image, with the image library’s error, and carries on', async () => {
    await expect(
      inImageWorker('print-rendition', Buffer.from('not an image at all')),
    ).rejects.toThrow(/unsupported image format|Input buffer/i);
    expect((await inImageWorker('print-rendition', await png(10, 10))).width).toBe(10);
  });

  it('starts another worker when the one running is killed, failing only what it held', async () => {
    await inImageWorker('perceptual-hash', await png(20, 20));
    const first = imageWorkerPid()!;
    const big = await png(4000, 4000);
    const held = inImageWorker('print-rendition', big);
    process.kill(first, 'SIGKILL');
    await expect(held).rejects.toThrow(/image worker ended/);
    expect(await inImageWorker('perceptual-hash', await png(20, 20))).toMatch(/^[0-9a-f]{16}$/);
    const second = imageWorkerPid()!;
    expect(second).not.toBe(first);
    expect(alive(first)).toBe(false);
    expect(processFacts(second).imageWorker).toBe(true);
  });
});
