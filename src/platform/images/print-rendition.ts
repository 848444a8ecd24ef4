import { inImageWorker } from './image-work.js';
import { type PixelSize, uprightSize } from './image-worker.js';
import { loadSharp } from './sharp-loader.js';

export {
  PRINT_BOX_MM,
  PRINT_BOX_PX,
  PRINT_PPI,
  printSize,
  type PixelSize,
} from './image-worker.js';

export interface PrintRendition {
  bytes: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
  original: PixelSize;
}

/**
 * Makes the print rendition of one image (JPEG, fitted to the printed box; image-worker.ts says
 * how), in the image worker process at low priority.
 */
export async function makePrintRendition(original: Buffer): Promise<PrintRendition> {
  const made = await inImageWorker('print-rendition', original);
  return {
    bytes: Buffer.from(made.bytes.buffer, made.bytes.byteOffset, made.bytes.byteLength),
    contentType: 'image/jpeg',
    width: made.width,
    height: made.height,
    original: made.original,
  };
}

/**
 * The original's width and height as it stands upright: a header read, cheap enough to do here
 * while a case file is put together.
 */
export async function imageSize(original: Buffer): Promise<PixelSize> {
  const sharp = await loadSharp();
  return uprightSize(await sharp(original, { animated: false }).metadata());
}
