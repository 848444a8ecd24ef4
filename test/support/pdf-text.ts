import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a poppler tool (pdftotext, pdfimages, pdfinfo) on PDF bytes and returns its output. */
export function poppler(
  tool: 'pdftotext' | 'pdfimages' | 'pdfinfo',
  pdf: Buffer,
  args: string[],
): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], {
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text with runs of whitespace folded, so assertions need not know the layout. */
export const pdfText = (pdf: Buffer) => poppler('pdftotext', pdf, []).replace(/\s+/g, ' ');

export const imageCount = (pdf: Buffer) =>
  poppler('pdfimages', pdf, ['-list'])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim()).length;

/** One page of a PDF drawn in grey by pdftoppm: its size in pixels and one byte a pixel. */
export interface PageImage {
  width: number;
  height: number;
  pixels: Buffer;
}

/**
 * Draws page `page` (from 1) at `dpi` with pdftoppm, as the reader would see it. With `pngTo`
 * it also keeps a PNG of the page there (for the README).
 */
export function pageImage(pdf: Buffer, page: number, dpi: number, pngTo?: string): PageImage {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const range = ['-f', String(page), '-l', String(page), '-r', String(dpi), '-singlefile'];
    execFileSync('pdftoppm', [...range, '-gray', file, join(dir, 'page')]);
    if (pngTo) execFileSync('pdftoppm', [...range, '-png', file, pngTo.replace(/\.png$/, '')]);
    // A binary PGM: "P5", width, height, the largest value, one whitespace, then the pixels.
    const pgm = readFileSync(join(dir, 'page.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
    if (!header) throw new Error('pdftoppm did not write a PGM image');
    const [head, width, height] = header;
    return {
      width: Number(width),
      height: Number(height),
      pixels: pgm.subarray(head.length),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rightmost pixel column with ink on it (darker than light grey), or -1 on a blank page. */
export function rightmostInk(image: PageImage): number {
  let right = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = image.width - 1; x > right; x--) {
      if (image.pixels[y * image.width + x] < 160) {
        right = x;
        break;
      }
    }
  }
  return right;
}
