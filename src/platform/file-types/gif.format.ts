import { malformed } from './file-type.exception.js';
import type { FileFormat, ImageLimits } from './file-type.types.js';
import {
  checkDimensions,
  ImageInspector,
  read,
  readByte,
  type Need,
  type Structure,
} from './image-inspector.js';

function* gifSubBlocks(): Generator<Need, void, Buffer | undefined> {
  for (;;) {
    const size = yield* readByte();
    if (size === 0) return;
    yield { skip: size };
  }
}

function* gifStructure(limits: ImageLimits): Structure {
  const screen = yield* read(13);
  const width = screen.readUInt16LE(6);
  const height = screen.readUInt16LE(8);
  checkDimensions(width, height, limits);
  const flags = screen[10];
  if (flags & 0x80) yield { skip: 3 * (1 << ((flags & 0x07) + 1)) };
  for (;;) {
    const introducer = yield* readByte();
    if (introducer === 0x3b) return { trailingRefused: true, width, height };
    if (introducer === 0x2c) {
      const descriptor = yield* read(9);
      checkDimensions(descriptor.readUInt16LE(4), descriptor.readUInt16LE(6), limits);
      const local = descriptor[8];
      if (local & 0x80) yield { skip: 3 * (1 << ((local & 0x07) + 1)) };
      yield* readByte(); // LZW minimum code size
      yield* gifSubBlocks();
    } else if (introducer === 0x21) {
      yield* readByte(); // extension label
      yield* gifSubBlocks();
    } else {
      throw malformed('GIF (unknown block)');
    }
  }
}

export const GIF: FileFormat = {
  matches: (head) => ['GIF87a', 'GIF89a'].includes(head.toString('latin1', 0, 6)),
  inspector: (limits) => new ImageInspector('image/gif', gifStructure(limits)),
};
