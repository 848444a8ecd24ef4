/**
 * The background jobs' image work (libvips, through sharp), and the sizes it works to.
 *
 * Imported, this module gives the print sizes. Started as a script by image-work.ts, it is a
 * child process at the lowest CPU priority that makes print renditions and perceptual hashes
 * for its parent: the work no longer shares the app's process (a fifth of intake's CPU went to
 * it, measured) and the kernel lets it have only the cores that requests leave idle.
 *
 * It imports no other file of this project (types aside), so Node runs it as it stands: the
 * compiled file from dist/, or this one from src/ under the test suite (type stripping). Keep
 * it to TypeScript that strips cleanly (no enums, no parameter properties).
 */
import type { Metadata } from 'sharp';

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

/** The original's width and height as it stands upright (EXIF orientations 5-8 swap them). */
export function uprightSize(meta: Metadata): PixelSize {
  if (!meta.width || !meta.height) throw new Error('image has no dimensions');
  const swapped = (meta.orientation ?? 1) >= 5;
  return swapped
    ? { width: meta.height, height: meta.width }
    : { width: meta.width, height: meta.height };
}

export interface PrintRenditionBytes {
  bytes: Uint8Array;
  width: number;
  height: number;
  original: PixelSize;
}

/** The requests image-work.ts sends, and what comes back. */
export type ImageWorkOp = 'print-rendition' | 'perceptual-hash';
export interface ImageWorkRequest {
  id: number;
  op: ImageWorkOp;
  bytes: Uint8Array;
}
export type ImageWorkReply =
  | { id: number; ok: true; result: PrintRenditionBytes | string }
  | { id: number; ok: false; name: string; message: string };

async function loadSharp() {
  const { default: sharp } = await import('sharp');
  // One libvips thread an image: this is background work on a machine answering requests.
  sharp.concurrency(1);
  return sharp;
}

/**
 * The print rendition of one image. Orientation from EXIF is applied (the printed image stands
 * as the person saw it); transparency is flattened onto white, as paper is; only the first
 * frame of an animation is kept, as a printed page can show no more.
 */
async function printRendition(original: Uint8Array): Promise<PrintRenditionBytes> {
  const sharp = await loadSharp();
  const image = sharp(original, { failOn: 'error', animated: false }).rotate();
  const upright = uprightSize(await image.metadata());
  const target = printSize(upright);
  const { data, info } = await image
    .resize({ width: target.width, height: target.height, fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .jpeg(JPEG)
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height, original: upright };
}

/**
 * A 64-bit difference hash (dHash) of an image, as 16 hex digits: the image in grey at 9x8,
 * each bit whether a pixel is brighter than its right-hand neighbour. A re-saved, re-sized or
 * slightly cropped copy keeps most bits; its SHA-256 would share none.
 */
async function differenceHash(image: Uint8Array): Promise<string> {
  const sharp = await loadSharp();
  const { data } = await sharp(image, { limitInputPixels: 100_000_000, animated: false })
    .greyscale()
    .resize(9, 8, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let hex = '';
  for (let y = 0; y < 8; y++) {
    let byte = 0;
    for (let x = 0; x < 8; x++)
      byte = (byte << 1) | (data[y * 9 + x] > data[y * 9 + x + 1] ? 1 : 0);
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

function serve(send: (reply: ImageWorkReply) => void): void {
  process.on('message', (request: ImageWorkRequest) => {
    const work =
      request.op === 'print-rendition'
        ? printRendition(request.bytes)
        : differenceHash(request.bytes);
    work.then(
      (result) => send({ id: request.id, ok: true, result }),
      (error: Error) =>
        send({ id: request.id, ok: false, name: error.name, message: error.message }),
    );
  });
  // The parent gone (ended or killed), nothing is left to work for.
  process.on('disconnect', () => process.exit(0));
}

if (process.env.IMAGE_WORKER_CHILD === '1' && process.send) {
  const send = process.send.bind(process) as (reply: ImageWorkReply) => void;
  serve(send);
}
