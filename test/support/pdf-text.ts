import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
