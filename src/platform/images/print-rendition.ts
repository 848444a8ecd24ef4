import type { Metadata } from 'sharp';
import { loadSharp } from './sharp-loader.js';

/**
 * The box an evidence image is printed in, from templates/pdf/partials/pdf-head.hbs
 * (`.evidence img { max-width: 100%; max-height: 150mm }` on A4 with 15 mm side margins), at
 * 200 ppi: sharp on paper for screenshot text, where a phone screenshot at full size prints
 * at about 430 ppi and makes the PDF several times bigger for nothing the eye can see. Change
 * it together with that CSS.
 */
export const PRINT_BOX_MM = { width: 180, height: 150 } as const;
export const PRINT_PPI = 200;

const MM_PER_INCH = 25.4;
export const PRINT_BOX_PX = {
  width: Math.floor((PRINT_BOX_MM.width / MM_PER_INCH) * PRINT_PPI),
  height: Math.floor((PRINT_BOX_MM.height / MM_PER_INCH) * PRINT_PPI),
} as const;

/**
 * JPEG at quality 85 without chroma subsampling (4:4:4), so coloured text keeps its edges.
 * Measured on 1170x2532 text-dense screenshots printed by Chromium (2026-12-02, this machine):
 *
 *   rendition (546x1181)   file     bytes in the PDF   print time per image
 *   PNG, lossless          489 KB   478 KB             216 ms
 *   PNG, 256-colour        197 KB   282 KB             219 ms
 *   JPEG q90 4:4:4         260 KB   261 KB              63 ms
 *   JPEG q85 4:4:4         217 KB   218 KB              39 ms
 *   (original PNG, full)   693 KB   669 KB             496 ms
 *
 * Chromium decodes a PNG or WebP and deflates its pixels again into the PDF, so a palette
 * PNG's saving is lost there, while a JPEG's bytes go into the PDF as they are (DCTDecode): the
 * smallest PDF and the fastest print. Lossy WebP came out biggest in the PDF (1.2 MB). At q90
 * an HR file with 100 such screenshots was 27 MB, over the 25 MB an e-mail can carry; at q85
 * the text is as legible on paper (no visible ringing at 200 ppi) and the file fits.
 */
const JPEG = { quality: 85, chromaSubsampling: '4:4:4', mozjpeg: true } as const;

export interface PixelSize {
  width: number;
  height: number;
}

/**
 * The rendition's size: the original scaled to fit PRINT_BOX_PX, keeping its shape, never
 * enlarged (a small image gains nothing from more pixels), and at least 1x1.
 */
export function printSize(original: PixelSize, box: PixelSize = PRINT_BOX_PX): PixelSize {
  const scale = Math.min(1, box.width / original.width, box.height / original.height);
  return {
    width: Math.max(1, Math.round(original.width * scale)),
    height: Math.max(1, Math.round(original.height * scale)),
  };
}

export interface PrintRendition {
  bytes: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
  original: PixelSize;
}

/**
 * Makes the print rendition of one image. Orientation from EXIF is applied (the printed image
 * stands as the person saw it); transparency is flattened onto white, as paper is; only the
 * first frame of an animation is kept, as a printed page can show no more.
 */
export async function makePrintRendition(original: Buffer): Promise<PrintRendition> {
  const sharp = await loadSharp();
  const image = sharp(original, { failOn: 'error', animated: false }).rotate();
  const meta = await image.metadata();
  const upright = uprightSize(meta);
  const target = printSize(upright);
  const { data, info } = await image
    .resize({ width: target.width, height: target.height, fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .jpeg(JPEG)
    .toBuffer({ resolveWithObject: true });
  return {
    bytes: data,
    contentType: 'image/jpeg',
    width: info.width,
    height: info.height,
    original: upright,
  };
}

/** The original's width and height as it stands upright (EXIF orientations 5-8 swap them). */
export async function imageSize(original: Buffer): Promise<PixelSize> {
  const sharp = await loadSharp();
  return uprightSize(await sharp(original, { animated: false }).metadata());
}

function uprightSize(meta: Metadata): PixelSize {
  if (!meta.width || !meta.height) throw new Error('image has no dimensions');
  const swapped = (meta.orientation ?? 1) >= 5;
  return swapped
    ? { width: meta.height, height: meta.width }
    : { width: meta.width, height: meta.height };
}
