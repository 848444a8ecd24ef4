import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { TextReader } from './text-reader.js';
import { procStat } from '../../../test/support/proc.js';

// Real tesseract (Debian's tesseract-ocr, which the set-up installs). Reading is background
// work: it must run at the lowest priority and on one thread, or a screenshot's text would
// take cores from the requests arriving beside it.

/** A screenshot-like image with a line of text on it. */
function textImage(text: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="160">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<text x="30" y="95" font-family="DejaVu Sans" font-size="44" fill="black">${text}</text>` +
    `</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

interface ChildSeen {
  nice: number;
  threads: number;
}

/**
 * Tesseract processes reading an image (not the `--version` asked once before), started by this
 * process, with their niceness and thread count.
 */
function tesseractChildren(): ChildSeen[] {
  const seen: ChildSeen[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { name, fields } = procStat(entry);
      if (name !== 'tesseract' || Number(fields[1]) !== process.pid) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes('stdin')) continue;
      seen.push({ nice: Number(fields[16]), threads: Number(fields[17]) });
    } catch {
      // exited while we looked
    }
  }
  return seen;
}

describe('TextReader (real tesseract)', () => {
  it('reads the text of an image at the lowest priority, on one thread', async () => {
    const image = await textImage('Posted at 21:40 about Mr Evans');
    const seen: ChildSeen[] = [];
    const watch = setInterval(() => seen.push(...tesseractChildren()), 2);
    let read;
    try {
      read = await new TextReader().read(Readable.from([image]));
    } finally {
      clearInterval(watch);
    }

    expect(read.text).toContain('about Mr Evans');
    expect(read.engine).toMatch(/^tesseract \S+ \(eng\+cym\)$/);
    // Seen while it worked, and every sighting at niceness 19 with one thread.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((child) => child.nice !== 19 || child.threads !== 1)).toEqual([]);
  }, 30_000);
});
