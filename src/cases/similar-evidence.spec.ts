import { describe, expect, it } from '@jest/globals';
import { hashDistance } from '../platform/ocr/perceptual-hash.js';
import { looksAlike } from './similar-evidence.js';

const POST =
  'Class Parents Group\nMrs Jones is a disgrace and should be sacked\nPosted 2 hours ago';

describe('hashDistance', () => {
  it('counts the differing bits of two 64-bit hashes', () => {
    expect(hashDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hashDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hashDistance('8000000000000001', '0000000000000000')).toBe(2);
  });
});

describe('looksAlike', () => {
  const original = { perceptualHash: '3c3c3c3c00ff00ff', text: POST };

  it('matches a cropped copy: close hash, the same words less a status bar', () => {
    const cropped = {
      perceptualHash: '3c3c3d3c01ff00fe', // 3 bits apart
      text: 'Mrs Jones is a disgrace and should be sacked\nPosted 2 hours ago',
    };
    expect(looksAlike(original, cropped)).toBe(true);
  });

  it('does not match another post laid out the same way', () => {
    const another = {
      perceptualHash: '3c3c3c3c00ff00fd', // as close as a copy: the same app and layout
      text: 'Class Parents Group\nReminder: the cake sale is on Friday\nPosted 3 hours ago',
    };
    expect(looksAlike(original, another)).toBe(false);
  });

  it('does not match a different picture even with the same words', () => {
    expect(looksAlike(original, { perceptualHash: 'c3c3c3c3ff00ff00', text: POST })).toBe(false);
  });

  it('matches photos without text only when nearly the same picture', () => {
    const photo = { perceptualHash: '0f0f0f0f0f0f0f0f', text: '' };
    expect(looksAlike(photo, { perceptualHash: '0f0f0f0f0f0f0f0e', text: 'ok' })).toBe(true);
    expect(looksAlike(photo, { perceptualHash: '0f0f0f0f0f0ff0f0', text: '' })).toBe(false);
  });
});
