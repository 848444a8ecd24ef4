import { inImageWorker } from '../images/image-work.js';

/**
 * A 64-bit difference hash (dHash) of an image, as 16 hex digits (image-worker.ts says how),
 * made in the image worker process at low priority. A re-saved, re-sized or slightly cropped
 * copy keeps most bits; its SHA-256 would share none.
 */
export function perceptualHash(image: Buffer): Promise<string> {
  return inImageWorker('perceptual-hash', image);
}

/** How many of the 64 bits two hashes differ in. */
export function hashDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < 16; i += 2) {
    let diff = parseInt(a.slice(i, i + 2), 16) ^ parseInt(b.slice(i, i + 2), 16);
    while (diff) {
      distance += diff & 1;
      diff >>= 1;
    }
  }
  return distance;
}
