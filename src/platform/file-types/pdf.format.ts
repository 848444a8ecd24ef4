import { inflateSync } from 'node:zlib';
import { FileTypeErrorCode, FileTypeException, malformed } from './file-type.exception.js';
import type { FileFormat, FormatInspector, SniffVerdict } from './file-type.types.js';

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
  return new FileTypeException(
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

export const PDF: FileFormat = {
  matches: (head) => head.toString('latin1', 0, 5) === '%PDF-',
  inspector: () => new PdfInspector(),
};
