import { malformed } from './file-type.exception.js';
import type { FileFormat, ImageLimits } from './file-type.types.js';
import { checkDimensions, ImageInspector, read, type Structure } from './image-inspector.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function* pngStructure(limits: ImageLimits): Structure {
  yield* read(PNG_SIGNATURE.length);
  const ihdr = yield* read(8 + 13);
  if (ihdr.readUInt32BE(0) !== 13 || ihdr.toString('latin1', 4, 8) !== 'IHDR') {
    throw malformed('PNG (IHDR must come first)');
  }
  const width = ihdr.readUInt32BE(8);
  const height = ihdr.readUInt32BE(12);
  checkDimensions(width, height, limits);
  yield { skip: 4 };
  for (;;) {
    const header = yield* read(8);
    const length = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type) || type === 'IHDR') {
      throw malformed('PNG (bad chunk)');
    }
    yield { skip: length + 4 };
    if (type === 'IEND') return { trailingRefused: true, width, height };
  }
}

export const PNG: FileFormat = {
  matches: (head) => head.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE),
  inspector: (limits) => new ImageInspector('image/png', pngStructure(limits)),
};
