import { malformed } from './file-type.exception.js';
import type { FileFormat, ImageLimits } from './file-type.types.js';
import { checkDimensions, ImageInspector, read, type Structure } from './image-inspector.js';

function* webpStructure(limits: ImageLimits): Structure {
  const riff = yield* read(12);
  const fileEnd = riff.readUInt32LE(4) + 8;
  const chunk = yield* read(8);
  const fourcc = chunk.toString('latin1', 0, 4);
  const chunkSize = chunk.readUInt32LE(4);
  let consumed = 20;
  let width: number;
  let height: number;
  if (fourcc === 'VP8 ' && chunkSize >= 10) {
    const frame = yield* read(10);
    consumed += 10;
    const keyFrame = (frame[0] & 0x01) === 0;
    if (!keyFrame || frame[3] !== 0x9d || frame[4] !== 0x01 || frame[5] !== 0x2a) {
      throw malformed('WebP (bad VP8 frame header)');
    }
    width = frame.readUInt16LE(6) & 0x3fff;
    height = frame.readUInt16LE(8) & 0x3fff;
  } else if (fourcc === 'VP8L' && chunkSize >= 5) {
    const header = yield* read(5);
    consumed += 5;
    if (header[0] !== 0x2f) throw malformed('WebP (bad VP8L signature)');
    const bits = header.readUInt32LE(1);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (fourcc === 'VP8X' && chunkSize >= 10) {
    const header = yield* read(10);
    consumed += 10;
    width = header.readUIntLE(4, 3) + 1;
    height = header.readUIntLE(7, 3) + 1;
  } else {
    throw malformed('WebP (unknown first chunk)');
  }
  checkDimensions(width, height, limits);
  if (20 + chunkSize > fileEnd) throw malformed('WebP (chunk larger than the file)');
  yield { skip: fileEnd - consumed };
  return { trailingRefused: true, width, height };
}

export const WEBP: FileFormat = {
  matches: (head) =>
    head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP',
  inspector: (limits) => new ImageInspector('image/webp', webpStructure(limits)),
};
