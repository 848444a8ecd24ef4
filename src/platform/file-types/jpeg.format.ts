import { malformed } from './file-type.exception.js';
import type { FileFormat, ImageLimits } from './file-type.types.js';
import {
  checkDimensions,
  ImageInspector,
  read,
  readByte,
  type Structure,
} from './image-inspector.js';

function isJpegFrameMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Walks the marker segments up to the first scan; entropy-coded data is not parsed. */
function* jpegStructure(limits: ImageLimits): Structure {
  yield* read(2);
  let frame: { width: number; height: number } | undefined;
  for (;;) {
    if ((yield* readByte()) !== 0xff) throw malformed('JPEG (expected a marker)');
    let marker = yield* readByte();
    while (marker === 0xff) marker = yield* readByte();
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0x00 || marker === 0xd8 || marker === 0xd9) {
      throw malformed('JPEG (unexpected marker before the image data)');
    }
    const length = (yield* read(2)).readUInt16BE(0);
    if (length < 2) throw malformed('JPEG (bad segment length)');
    if (isJpegFrameMarker(marker)) {
      if (length < 8) throw malformed('JPEG (short frame header)');
      const sof = yield* read(6);
      const height = sof.readUInt16BE(1);
      const width = sof.readUInt16BE(3);
      // A zero height would be defined later by a DNL marker: refused by checkDimensions.
      checkDimensions(width, height, limits);
      frame = { width, height };
      yield { skip: length - 8 };
    } else if (marker === 0xda) {
      if (!frame) throw malformed('JPEG (image data before the frame header)');
      yield { skip: length - 2 };
      // Phones append more images after EOI (MPF), so trailing bytes are allowed here; the
      // markup scan still covers them.
      return { trailingRefused: false, ...frame };
    } else {
      yield { skip: length - 2 };
    }
  }
}

export const JPEG: FileFormat = {
  matches: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
  inspector: (limits) => new ImageInspector('image/jpeg', jpegStructure(limits)),
};
