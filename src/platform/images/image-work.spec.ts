import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { inImageWorker } from './image-work.js';

/** The image worker processes this process has started, with their niceness (/proc). */
function imageWorkers(): { pid: number; nice: number }[] {
  const found: { pid: number; nice: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      // Fields after the name: state, ppid, ... nice is the 19th field of the whole line.
      if (Number(stat[1]) !== process.pid) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (!environ.split('\0').includes('IMAGE_WORKER_CHILD=1')) continue;
      found.push({ pid: Number(entry), nice: Number(stat[16]) });
    } catch {
      // ended while being looked at
    }
  }
  return found;
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();

describe('the image worker', () => {
  it('does the work in one child process at the lowest priority', async () => {
    const rendition = await inImageWorker('print-rendition', await png(1170, 2532));
    expect([rendition.width, rendition.height]).toEqual([546, 1181]);
    expect(await inImageWorker('perceptual-hash', await png(40, 30))).toMatch(/^[0-9a-f]{16}$/);
    const workers = imageWorkers();
    expect(workers).toHaveLength(1);
    expect(workers[0].nice).toBe(19);
  });

  it('refuses bytes that are no image, with the image library’s error, and carries on', async () => {
    await expect(
      inImageWorker('print-rendition', Buffer.from('not an image at all')),
    ).rejects.toThrow(/unsupported image format|Input buffer/i);
    expect((await inImageWorker('print-rendition', await png(10, 10))).width).toBe(10);
  });

  it('starts another worker when the one running is killed, failing only what it held', async () => {
    await inImageWorker('perceptual-hash', await png(20, 20));
    const [first] = imageWorkers();
    const held = inImageWorker('print-rendition', await png(4000, 4000));
    process.kill(first.pid, 'SIGKILL');
    await expect(held).rejects.toThrow(/image worker ended/);
    expect(await inImageWorker('perceptual-hash', await png(20, 20))).toMatch(/^[0-9a-f]{16}$/);
    const now = imageWorkers();
    expect(now).toHaveLength(1);
    expect(now[0].pid).not.toBe(first.pid);
  });
});
