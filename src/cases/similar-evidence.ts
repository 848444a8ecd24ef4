import { hashDistance } from '../platform/ocr/perceptual-hash.js';

export interface ImageReading {
  perceptualHash: string;
  text: string;
}

/** Past this many differing bits of 64 two images are not the same picture, whatever they say. */
const HASH_GATE = 20;
/** Images with little text (photos) must be nearly the same picture. */
const PHOTO_DISTANCE = 5;
/** Share of the shorter text's words found in the other: a crop loses a status bar, not the post. */
const TEXT_OVERLAP = 0.8;
const MIN_WORDS = 4;

/** Whether two hashes are close enough for the pictures to be copies: the cheap first test. */
export function mayLookAlike(a: string, b: string): boolean {
  return hashDistance(a, b) <= HASH_GATE;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
}

/**
 * Whether two evidence images are copies of one screenshot. A whole-image perceptual hash alone
 * cannot tell two posts in the same app apart: measured on phone-sized screenshots, two posts of
 * one Facebook group were 4 bits of 64 apart while a cropped, re-encoded copy of one was 6 to 15.
 * So the hash only rules out different pictures, and the text read from the images decides among
 * the rest; a picture without much text must be nearly the same picture.
 */
export function looksAlike(a: ImageReading, b: ImageReading): boolean {
  if (!mayLookAlike(a.perceptualHash, b.perceptualHash)) return false;
  const distance = hashDistance(a.perceptualHash, b.perceptualHash);
  const [wa, wb] = [words(a.text), words(b.text)];
  if (wa.size < MIN_WORDS || wb.size < MIN_WORDS) return distance <= PHOTO_DISTANCE;
  const [small, large] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  const shared = [...small].filter((w) => large.has(w)).length;
  return shared / small.size >= TEXT_OVERLAP;
}
