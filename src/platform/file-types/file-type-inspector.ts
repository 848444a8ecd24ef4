import { FileTypeErrorCode, FileTypeException, typeNotAllowed } from './file-type.exception.js';
import {
  DEFAULT_IMAGE_LIMITS,
  HEAD_BYTES,
  type FileFormat,
  type FormatInspector,
  type ImageLimits,
  type SniffVerdict,
} from './file-type.types.js';
import { GIF } from './gif.format.js';
import { JPEG } from './jpeg.format.js';
import { PDF } from './pdf.format.js';
import { PNG } from './png.format.js';
import { WEBP } from './webp.format.js';

/** The accepted formats, one file each; their first bytes never match more than one. */
const FORMATS: readonly FileFormat[] = [PNG, JPEG, GIF, WEBP, PDF];

/**
 * Judges a file by its bytes while they stream past: the type from the magic number, image
 * dimensions from the headers (nothing is ever decoded), and active content (HTML or script
 * in images, JavaScript, launch actions or attachments in PDFs). Feed it with write(); end()
 * gives the verdict. Any refusal is thrown as soon as it is known, so an upload can stop early.
 */
export class FileTypeInspector {
  private head: Buffer[] = [];
  private headBytes = 0;
  private format?: FormatInspector;
  private failure?: unknown;
  private finished = false;

  constructor(private readonly limits: ImageLimits = DEFAULT_IMAGE_LIMITS) {}

  write(chunk: Uint8Array): void {
    if (this.failure) throw this.failure;
    if (this.finished) throw new Error('FileTypeInspector.write() after end()');
    try {
      this.feed(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  end(): SniffVerdict {
    if (this.failure) throw this.failure;
    this.finished = true;
    try {
      if (!this.format) {
        if (this.headBytes === 0)
          throw new FileTypeException(FileTypeErrorCode.Empty, 'The file is empty');
        throw typeNotAllowed();
      }
      return this.format.end();
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  private feed(chunk: Buffer): void {
    if (this.format) {
      this.format.write(chunk);
      return;
    }
    this.head.push(Buffer.from(chunk));
    this.headBytes += chunk.length;
    if (this.headBytes < HEAD_BYTES) return;
    const head = Buffer.concat(this.head);
    this.head = [];
    this.format = inspectorFor(head, this.limits);
    this.format.write(head);
  }
}

/** Convenience for bytes already in memory (tests, small checks). */
export function sniffBuffer(bytes: Uint8Array, limits?: ImageLimits): SniffVerdict {
  const inspector = new FileTypeInspector(limits);
  inspector.write(bytes);
  return inspector.end();
}

// Enough to tell all five formats apart (WebP needs "RIFF" + size + "WEBP").
function inspectorFor(head: Buffer, limits: ImageLimits): FormatInspector {
  const format = FORMATS.find((f) => f.matches(head));
  if (!format) throw typeNotAllowed();
  return format.inspector(limits);
}
