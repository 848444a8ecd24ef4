import { FileTypeErrorCode, FileTypeException, malformed } from './file-type.exception.js';
import type {
  AcceptedMimeType,
  FormatInspector,
  ImageLimits,
  SniffVerdict,
} from './file-type.types.js';
import { MarkupScanner } from './markup-scanner.js';

// Images: a structure parser written as a generator that asks for bytes, so a header split
// across chunks needs no special handling, plus a markup scan over every byte.

export function checkDimensions(width: number, height: number, limits: ImageLimits): void {
  if (width === 0 || height === 0) throw malformed('image (zero width or height)');
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    throw new FileTypeException(
      FileTypeErrorCode.ImageDimensionsTooLarge,
      `Image dimensions exceed ${limits.maxSide} pixels per side or ${limits.maxPixels} pixels`,
    );
  }
}

export type Need = { read: number } | { skip: number };
export interface StructureEnd {
  /** Whether bytes after the structure's end are refused (PNG IEND, GIF trailer, RIFF end). */
  trailingRefused: boolean;
  width: number;
  height: number;
}
export type Structure = Generator<Need, StructureEnd, Buffer | undefined>;

export function* read(n: number): Generator<Need, Buffer, Buffer | undefined> {
  const bytes = yield { read: n };
  if (!bytes || bytes.length !== n) throw new Error('structure driver delivered wrong length');
  return bytes;
}

export function* readByte(): Generator<Need, number, Buffer | undefined> {
  return (yield* read(1))[0];
}

class StructureDriver {
  private need: Need = { read: 0 };
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private result?: StructureEnd;

  constructor(
    private readonly structure: Structure,
    private readonly what: string,
  ) {
    this.advance(undefined);
  }

  write(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.result) {
      const need = this.need;
      if ('skip' in need) {
        const n = Math.min(need.skip, chunk.length - offset);
        offset += n;
        need.skip -= n;
        if (need.skip === 0) this.advance(undefined);
      } else {
        const n = Math.min(need.read - this.pendingBytes, chunk.length - offset);
        // Copied: the caller may reuse its chunk once write() returns.
        this.pending.push(Buffer.from(chunk.subarray(offset, offset + n)));
        this.pendingBytes += n;
        offset += n;
        if (this.pendingBytes === need.read) {
          const bytes = Buffer.concat(this.pending);
          this.pending = [];
          this.pendingBytes = 0;
          this.advance(bytes);
        }
      }
    }
    if (this.result?.trailingRefused && offset < chunk.length) {
      throw new FileTypeException(
        FileTypeErrorCode.ActiveContent,
        `Data found after the end of the ${this.what}`,
      );
    }
  }

  end(): StructureEnd {
    if (!this.result) throw malformed(`${this.what} (truncated)`);
    return this.result;
  }

  private advance(value: Buffer | undefined): void {
    let step = this.structure.next(value);
    while (!step.done && 'skip' in step.value && step.value.skip === 0) {
      step = this.structure.next(undefined);
    }
    if (step.done) this.result = step.value;
    else this.need = { ...step.value };
  }
}

/** An image: its structure walked by a format's generator, and every byte scanned for markup. */
export class ImageInspector implements FormatInspector {
  private readonly structure: StructureDriver;
  private readonly markup = new MarkupScanner();

  constructor(
    private readonly mimeType: AcceptedMimeType,
    structure: Structure,
  ) {
    this.structure = new StructureDriver(structure, mimeType.slice('image/'.length).toUpperCase());
  }

  write(chunk: Buffer): void {
    this.markup.write(chunk);
    this.structure.write(chunk);
  }

  end(): SniffVerdict {
    this.markup.end();
    const { width, height } = this.structure.end();
    return { mimeType: this.mimeType, width, height };
  }
}
