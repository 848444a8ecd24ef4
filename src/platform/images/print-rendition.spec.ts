import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { makePrintRendition, PRINT_BOX_PX, printSize } from './print-rendition.js';

describe('printSize', () => {
  it('is the printed box at 200 ppi: 180 mm x 150 mm', () => {
    expect(PRINT_BOX_PX).toEqual({ width: 1417, height: 1181 });
  });

  it('fits a phone screenshot to the box height, keeping its shape', () => {
    expect(printSize({ width: 1170, height: 2532 })).toEqual({ width: 546, height: 1181 });
  });

  it('fits a wide image to the box width', () => {
    expect(printSize({ width: 4000, height: 1000 })).toEqual({ width: 1417, height: 354 });
  });

  it('never enlarges an image that already fits', () => {
    expect(printSize({ width: 800, height: 500 })).toEqual({ width: 800, height: 500 });
    expect(printSize({ width: 1417, height: 1181 })).toEqual({ width: 1417, height: 1181 });
  });

  it('keeps at least one pixel on each side of a sliver', () => {
    expect(printSize({ width: 100_000, height: 2 })).toEqual({ width: 1417, height: 1 });
  });
});

describe('makePrintRendition', () => {
  it('makes a JPEG of the printed size and reports the original size', async () => {
    const png = await sharp({
      create: {
        width: 1170,
        height: 2532,
        channels: 4,
        background: { r: 0, g: 0, b: 0, alpha: 0 },
      },
    })
      .png()
      .toBuffer();
    const rendition = await makePrintRendition(png);
    const meta = await sharp(rendition.bytes).metadata();
    expect(rendition).toMatchObject({
      contentType: 'image/jpeg',
      width: 546,
      height: 1181,
      original: { width: 1170, height: 2532 },
    });
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 546, 1181]);
    // Transparency is flattened onto white, as paper is.
    const { channels } = await sharp(rendition.bytes).stats();
    expect(channels.map((c) => c.min)).toEqual([255, 255, 255]);
  });
});
