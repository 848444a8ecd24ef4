import { loadSharp } from '../images/sharp-loader.js';

/**
 * A 64-bit difference hash (dHash) of an image, as 16 hex digits: the image in grey at 9x8,
 * each bit whether a pixel is brighter than its right-hand neighbour. A re-saved, re-sized or
 * slightly cropped copy keeps most bits; its SHA-256 would share none. Computed with sharp
 * (libvips), which also decodes WebP and GIF.
 */
export async function perceptualHash(image: Buffer): Promise<string> {
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
