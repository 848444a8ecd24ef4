import { inflateSync } from 'node:zlib';
import { FileTypeErrorCode, FileTypeException } from './file-type.exception.js';

export type AcceptedMimeType =
  'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | 'application/pdf';

export interface ImageLimits {
  maxSide: number;
  maxPixels: number;
}

/** Generous for long scrolling screenshots, far below what a decompression bomb declares. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxSide: 20_000, maxPixels: 100_000_000 };

export interface SniffVerdict {
  mimeType: AcceptedMimeType;
  width?: number;
  height?: number;
}

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
        if (this.headBytes === 0) throw refuse(FileTypeErrorCode.Empty, 'The file is empty');
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
const HEAD_BYTES = 12;

interface FormatInspector {
  write(chunk: Buffer): void;
  end(): SniffVerdict;
}

function inspectorFor(head: Buffer, limits: ImageLimits): FormatInspector {
  const ascii = head.toString('latin1', 0, HEAD_BYTES);
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return new ImageInspector('image/png', pngStructure(limits));
  }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    return new ImageInspector('image/jpeg', jpegStructure(limits));
  }
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) {
    return new ImageInspector('image/gif', gifStructure(limits));
  }
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') {
    return new ImageInspector('image/webp', webpStructure(limits));
  }
  if (ascii.startsWith('%PDF-')) return new PdfInspector();
  throw typeNotAllowed();
}

function refuse(code: FileTypeErrorCode, message: string): FileTypeException {
  return new FileTypeException(code, message);
}

function typeNotAllowed(): FileTypeException {
  return refuse(
    FileTypeErrorCode.TypeNotAllowed,
    'Only PNG, JPEG, WebP, GIF or PDF files are accepted',
  );
}

function malformed(what: string): FileTypeException {
  return refuse(FileTypeErrorCode.Malformed, `The file is not a well-formed ${what}`);
}

function checkDimensions(width: number, height: number, limits: ImageLimits): void {
  if (width === 0 || height === 0) throw malformed('image (zero width or height)');
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    throw refuse(
      FileTypeErrorCode.ImageDimensionsTooLarge,
      `Image dimensions exceed ${limits.maxSide} pixels per side or ${limits.maxPixels} pixels`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Images: a structure parser written as a generator that asks for bytes, so a header split
// across chunks needs no special handling, plus a markup scan over every byte.

type Need = { read: number } | { skip: number };
interface StructureEnd {
  /** Whether bytes after the structure's end are refused (PNG IEND, GIF trailer, RIFF end). */
  trailingRefused: boolean;
  width: number;
  height: number;
}
type Structure = Generator<Need, StructureEnd, Buffer | undefined>;

function* read(n: number): Generator<Need, Buffer, Buffer | undefined> {
  const bytes = yield { read: n };
  if (!bytes || bytes.length !== n) throw new Error('structure driver delivered wrong length');
  return bytes;
}

function* readByte(): Generator<Need, number, Buffer | undefined> {
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
      throw refuse(FileTypeErrorCode.ActiveContent, `Data found after the end of the ${this.what}`);
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

/**
 * Markup that makes a browser treat the bytes as a page: `<script`, `<html`, `<svg`, `<iframe` or
 * `<body` followed by what ends a tag name in HTML and XML (without that, "<svg" alone turns up
 * by chance in about one 10 MB compressed image in fifty), or a `javascript:` URL. ASCII letters
 * match in either case.
 */
const TAG_NAMES = ['script', 'html', 'svg', 'iframe', 'body'].map((n) => Buffer.from(n, 'latin1'));
const TAG_ENDS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x2f, 0x3e]); // \t \n \f \r space / >
const SCHEME = Buffer.from('javascript', 'latin1');
const LT = 0x3c;
const COLON = 0x3a;
/** Bytes a match can have on one side of a chunk boundary: `javascript:` is the longest. */
const MARKUP_OVERLAP = SCHEME.length;

/** Whether bytes[at..] spell `word` (lower-case ASCII letters), ignoring ASCII case. */
function spells(bytes: Buffer, at: number, word: Buffer): boolean {
  if (at < 0 || at + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) if ((bytes[at + i] | 0x20) !== word[i]) return false;
  return true;
}

/**
 * Finds only whole matches within `bytes`. Buffer.indexOf searches natively, so a screenshot is
 * scanned without turning its bytes into a string: most bytes are never looked at from script.
 */
function containsMarkup(bytes: Buffer, atEnd = false): boolean {
  for (let lt = bytes.indexOf(LT); lt !== -1; lt = bytes.indexOf(LT, lt + 1)) {
    for (const name of TAG_NAMES) {
      if (!spells(bytes, lt + 1, name)) continue;
      const end = lt + 1 + name.length;
      if (end < bytes.length ? TAG_ENDS.has(bytes[end]) : atEnd) return true;
    }
  }
  for (let c = bytes.indexOf(COLON); c !== -1; c = bytes.indexOf(COLON, c + 1)) {
    if (spells(bytes, c - SCHEME.length, SCHEME)) return true;
  }
  return false;
}

class MarkupScanner {
  /** The last bytes seen, so a match split across two chunks is still found. */
  private tail = Buffer.alloc(0);

  write(chunk: Buffer): void {
    const seam = Buffer.concat([this.tail, chunk.subarray(0, MARKUP_OVERLAP)]);
    if (containsMarkup(seam) || containsMarkup(chunk)) throw activeMarkup();
    // Copied: the caller may reuse its chunk once write() returns.
    this.tail = Buffer.from(
      chunk.length >= MARKUP_OVERLAP
        ? chunk.subarray(chunk.length - MARKUP_OVERLAP)
        : Buffer.concat([this.tail, chunk]).subarray(-MARKUP_OVERLAP),
    );
  }

  /** A tag name at the very end of the file counts: a browser would still parse it as a tag. */
  end(): void {
    if (containsMarkup(this.tail, true)) throw activeMarkup();
  }
}

function activeMarkup(): FileTypeException {
  return refuse(FileTypeErrorCode.ActiveContent, 'The image contains HTML or script markup');
}

class ImageInspector implements FormatInspector {
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

// ---------------------------------------------------------------------------------------------
// PDF: every name token in the file, with #xx escapes decoded (as readers do), is checked
// against the names that make a PDF act rather than display. Object streams hide dictionaries
// inside Flate-compressed data, so those are inflated (bounded) and scanned as well.

/** /OpenAction alone is common (initial view); it only runs code through /JS or /JavaScript. */
const PDF_FORBIDDEN_NAMES = new Set([
  'JavaScript',
  'Launch',
  'EmbeddedFile',
  'EmbeddedFiles',
  'RichMedia',
]);
/**
 * "/JS" turns up by chance in about one 10 MB PDF of compressed data in 25, so these are refused
 * only when followed by the start of a value they could hold (string, array, reference, comment),
 * which makes that about one in a hundred.
 */
const PDF_FORBIDDEN_KEYS = new Set(['JS', 'XFA']);

function isForbiddenPdfName(name: string, next: number): boolean {
  if (PDF_FORBIDDEN_NAMES.has(name)) return true;
  if (!PDF_FORBIDDEN_KEYS.has(name)) return false;
  // ( < [ % or a digit
  return (
    next === 0x28 ||
    next === 0x3c ||
    next === 0x5b ||
    next === 0x25 ||
    (next >= 0x30 && next <= 0x39)
  );
}

const PDF_FILTER_NAMES = new Set([
  'FlateDecode',
  'Fl',
  'LZWDecode',
  'LZW',
  'ASCII85Decode',
  'A85',
  'ASCIIHexDecode',
  'AHx',
  'RunLengthDecode',
  'RL',
  'Crypt',
]);
const MAX_PDF_NAME = 127;
const MAX_OBJECT_STREAM_BYTES = 4 * 1024 * 1024;
const MAX_OBJECT_STREAM_INFLATED = 32 * 1024 * 1024;

const enum Lex {
  Other,
  Name,
  NameHex1,
  NameHex2,
  Keyword,
}

function isPdfWhitespace(byte: number): boolean {
  return (
    byte === 0x00 ||
    byte === 0x09 ||
    byte === 0x0a ||
    byte === 0x0c ||
    byte === 0x0d ||
    byte === 0x20
  );
}

function isPdfDelimiter(byte: number): boolean {
  // ( ) < > [ ] { } / %
  return (
    byte === 0x28 ||
    byte === 0x29 ||
    byte === 0x3c ||
    byte === 0x3e ||
    byte === 0x5b ||
    byte === 0x5d ||
    byte === 0x7b ||
    byte === 0x7d ||
    byte === 0x2f ||
    byte === 0x25
  );
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/**
 * Byte-at-a-time lexer for names and bare keywords. It deliberately does not skip strings or
 * stream data: a reader that trusts the cross-reference table can find objects anywhere.
 */
class PdfTokenScanner {
  private state = Lex.Other;
  private token: number[] = [];
  private hexHigh = 0;
  /** A name ended by whitespace, reported once the next meaningful byte is known. */
  private nameAwaitingNext?: string;

  /**
   * onName gets the first byte after the name that is not whitespace (-1 at the end).
   * onKeyword returns true to pause the scan right after the keyword's terminating byte. */
  constructor(
    private readonly onName: (name: string, next: number) => void,
    private readonly onKeyword: (keyword: string, terminator: number) => boolean,
  ) {}

  /** Returns the index after the last byte consumed (earlier than `to` on a pause). */
  write(bytes: Uint8Array, from = 0, to = bytes.length): number {
    for (let i = from; i < to; i++) {
      if (this.byte(bytes[i])) return i + 1;
    }
    return to;
  }

  end(): void {
    this.finishToken(0x20);
    const name = this.nameAwaitingNext;
    this.nameAwaitingNext = undefined;
    if (name !== undefined) this.onName(name, -1);
  }

  private byte(byte: number): boolean {
    if (this.nameAwaitingNext !== undefined) {
      if (isPdfWhitespace(byte)) return false;
      const name = this.nameAwaitingNext;
      this.nameAwaitingNext = undefined;
      this.onName(name, byte);
    }
    switch (this.state) {
      case Lex.NameHex1: {
        const high = hexValue(byte);
        if (high >= 0) {
          this.hexHigh = high;
          this.state = Lex.NameHex2;
          return false;
        }
        // Not an escape: keep the '#' and read this byte as usual.
        this.state = Lex.Name;
        this.push(0x23);
        break;
      }
      case Lex.NameHex2: {
        const low = hexValue(byte);
        this.state = Lex.Name;
        if (low >= 0) {
          this.push(this.hexHigh * 16 + low);
          return false;
        }
        this.push(0x23);
        this.push(HEX_DIGITS.charCodeAt(this.hexHigh));
        break;
      }
    }
    if (isPdfWhitespace(byte) || isPdfDelimiter(byte)) {
      const pause = this.finishToken(byte);
      if (byte === 0x2f) this.state = Lex.Name;
      return pause;
    }
    if (this.state === Lex.Name) {
      if (byte === 0x23) this.state = Lex.NameHex1;
      else this.push(byte);
    } else {
      this.state = Lex.Keyword;
      this.push(byte);
    }
    return false;
  }

  private push(byte: number): void {
    if (this.token.length <= MAX_PDF_NAME) this.token.push(byte);
  }

  private finishToken(terminator: number): boolean {
    const state = this.state;
    if (state === Lex.NameHex1 || state === Lex.NameHex2) this.push(0x23);
    this.state = Lex.Other;
    if (state === Lex.Other) return false;
    const text = String.fromCharCode(...this.token);
    this.token = [];
    if (state === Lex.Keyword) return this.onKeyword(text, terminator);
    if (isPdfWhitespace(terminator)) this.nameAwaitingNext = text;
    else this.onName(text, terminator);
    return false;
  }
}

const HEX_DIGITS = '0123456789ABCDEF';
const ENDSTREAM = Buffer.from('endstream', 'latin1');

function activePdf(): FileTypeException {
  return refuse(
    FileTypeErrorCode.ActiveContent,
    'The PDF contains scripts, launch actions or attachments',
  );
}

class PdfInspector implements FormatInspector {
  private readonly scanner = new PdfTokenScanner(
    (name, next) => this.onName(name, next),
    (keyword, terminator) => this.onKeyword(keyword, terminator),
  );
  // What the current object's dictionary said before "stream".
  private objectStream = false;
  private filters = new Set<string>();
  private predictor = false;
  // Set by the "stream" keyword of an object stream; its data starts after the end of line.
  private captureStart?: 'lf' | 'crlf';
  private capture?: Buffer[];
  private captureBytes = 0;
  private captureTail = Buffer.alloc(0);

  write(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.capture) {
        i = this.feedCapture(chunk, i);
      } else if (this.captureStart) {
        if (this.captureStart === 'crlf' && chunk[i] === 0x0a)
          i = this.scanner.write(chunk, i, i + 1);
        this.captureStart = undefined;
        this.capture = [];
        this.captureBytes = 0;
        this.captureTail = Buffer.alloc(0);
      } else {
        i = this.scanner.write(chunk, i);
      }
    }
  }

  end(): SniffVerdict {
    this.scanner.end();
    if (this.capture || this.captureStart) throw malformed('PDF (unterminated object stream)');
    return { mimeType: 'application/pdf' };
  }

  private onName(name: string, next: number): void {
    if (isForbiddenPdfName(name, next)) throw activePdf();
    if (this.capture) return;
    // A reader finds an object stream through the cross-reference stream whatever its /Type,
    // so /First (which only object streams carry on a stream) marks one as well.
    if (name === 'ObjStm' || name === 'First') this.objectStream = true;
    else if (PDF_FILTER_NAMES.has(name)) this.filters.add(name);
    else if (name === 'Predictor' || name === 'DecodeParms' || name === 'DP') this.predictor = true;
  }

  private onKeyword(keyword: string, terminator: number): boolean {
    if (this.capture) return false;
    if (keyword === 'obj' || keyword === 'endobj') this.resetObject();
    if (keyword !== 'stream' || !this.objectStream) return false;
    if (terminator === 0x0d) this.captureStart = 'crlf';
    else if (terminator === 0x0a) this.captureStart = 'lf';
    else throw malformed('PDF (bad stream keyword)');
    return true;
  }

  private resetObject(): void {
    this.objectStream = false;
    this.filters = new Set();
    this.predictor = false;
  }

  /** Buffers an object stream's data up to "endstream"; returns the index after it in chunk. */
  private feedCapture(chunk: Buffer, from: number): number {
    const piece = Buffer.from(chunk.subarray(from));
    const window = Buffer.concat([this.captureTail, piece]);
    const found = window.indexOf(ENDSTREAM);
    if (found < 0) {
      this.scanner.write(chunk, from);
      this.capture?.push(piece);
      this.captureBytes += piece.length;
      this.captureTail = window.subarray(Math.max(0, window.length - ENDSTREAM.length + 1));
      if (this.captureBytes > MAX_OBJECT_STREAM_BYTES) {
        throw malformed('PDF (object stream too large to inspect)');
      }
      return chunk.length;
    }
    // Offsets: `found` counts from the start of the tail, which ends where this chunk begins.
    const dataEnd = this.captureBytes - this.captureTail.length + found;
    const stop = Math.max(from, from + found - this.captureTail.length);
    this.scanner.write(chunk, from, stop);
    const data = Buffer.concat([...(this.capture ?? []), piece]).subarray(0, dataEnd);
    this.capture = undefined;
    this.inspectObjectStream(data);
    this.resetObject();
    return stop;
  }

  private inspectObjectStream(data: Buffer): void {
    const filters = [...this.filters];
    if (filters.length === 0) return; // Uncompressed: the raw scan has already read it.
    const flateOnly = filters.every((name) => name === 'FlateDecode' || name === 'Fl');
    if (!flateOnly || this.predictor) throw malformed('PDF (object stream cannot be inspected)');
    let inflated: Buffer;
    try {
      inflated = inflateSync(data, { maxOutputLength: MAX_OBJECT_STREAM_INFLATED });
    } catch {
      throw malformed('PDF (object stream cannot be inspected)');
    }
    // Object streams cannot contain streams, so names are all that matter inside.
    const inner = new PdfTokenScanner(
      (name, next) => {
        if (isForbiddenPdfName(name, next)) throw activePdf();
      },
      () => false,
    );
    inner.write(inflated);
    inner.end();
  }
}
