import { Injectable } from '@nestjs/common';
import busboy from 'busboy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { FileTypeErrorCode, FileTypeException } from '../file-types/file-type.exception.js';
import { UploadErrorCode, UploadException } from './upload.exception.js';
import type { FileStore, ReceivedFile } from '../file-store/file-store.js';

export interface MultipartLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxFields: number;
  /** Bytes, not characters: a 20,000-character description can take 80 KB in UTF-8. */
  maxFieldBytes: number;
  maxParts: number;
  /**
   * After a refusal, how long the rest of the body is read and thrown away before the
   * connection is cut. Closing at once would make the client's kernel reset the connection and
   * lose the error response; never closing would let an endless upload hold a socket.
   */
  drainMs: number;
}

export const DEFAULT_MULTIPART_LIMITS: MultipartLimits = {
  maxFiles: 10,
  maxFileBytes: 10 * 1024 * 1024,
  maxFields: 100,
  maxFieldBytes: 100 * 1024,
  maxParts: 200,
  drainMs: 2000,
};

/** How long a refused upload may wait for its answer to be written before the socket is cut. */
const UNANSWERED_MS = 30_000;

export interface MultipartOptions extends Partial<MultipartLimits> {
  /** The only form field that may carry files; a file in any other is refused. */
  fileField: string;
}

export interface UploadedFile {
  fieldName: string;
  /** Sanitised, for display only; never used as a path and never logged. */
  clientFileName: string;
  declaredType: string;
  received: ReceivedFile;
}

export interface MultipartForm {
  /** Null-prototype record: a field named "__proto__" is just a field. */
  fields: Record<string, string[]>;
  /** In the order the client sent them, so repeated fields can be aligned by position. */
  files: UploadedFile[];
  /**
   * Every file part in order, null where a file box was left empty: a form with a box per file
   * and a field beside each can pair them by position even when some boxes are empty.
   */
  fileParts: Array<UploadedFile | null>;
}

/**
 * Reads a multipart/form-data request, streaming each file into the FileStore as busboy
 * emits it. The promise settles once: resolved when every file is safely in tmp/, or rejected
 * with the refusal (a DomainException) after every temp file of this request has been deleted.
 *
 * On rejection the request is unpiped and drained rather than destroyed, so the caller can
 * still answer (without `Connection: close`, which makes Node close before the client has read
 * the answer); if the body has not ended `drainMs` later, the socket is destroyed.
 */
@Injectable()
export class MultipartReader {
  constructor(
    private readonly store: FileStore,
    private readonly defaults: MultipartLimits = DEFAULT_MULTIPART_LIMITS,
  ) {}

  read(req: IncomingMessage, { fileField, ...limits }: MultipartOptions): Promise<MultipartForm> {
    return new Promise((resolve, reject) => {
      const all = { ...this.defaults, ...limits };
      new MultipartRead(this.store, req, fileField, all, resolve, reject).start();
    });
  }
}

/** Bidi controls (U+061C, U+200E-F, U+202A-E, U+2066-9) can make "gpj.exe" display as "exe.jpg". */
const UNSAFE_FILE_NAME_CHARS = new RegExp(
  '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]',
  'g',
);
const MAX_FILE_NAME_CHARS = 255;

/** Keeps the client's file name as harmless display text: no path, controls or bidi tricks. */
export function sanitizeClientFileName(raw: string | undefined): string {
  if (!raw) return '';
  const stripped = raw.normalize('NFC').replace(UNSAFE_FILE_NAME_CHARS, '');
  let name = (stripped.split(/[\\/]/).pop() ?? '').trim();
  if (name === '.' || name === '..') name = '';
  const chars = Array.from(name);
  return chars.length > MAX_FILE_NAME_CHARS ? chars.slice(0, MAX_FILE_NAME_CHARS).join('') : name;
}

/**
 * Field data, part headers and preamble are not counted by busboy until a part ends, so a
 * never-ending field would hold the request open; bytes outside files are capped here instead.
 */
const NON_FILE_SLACK_BYTES = 256 * 1024;

function refusal(code: UploadErrorCode, message: string): UploadException {
  return new UploadException(code, message);
}

/** State of one request; MultipartReader stays stateless. */
class MultipartRead {
  private readonly fields: Record<string, string[]> = Object.create(null) as Record<
    string,
    string[]
  >;
  private readonly slots: Array<UploadedFile | undefined> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private parser?: busboy.Busboy;
  private failure?: Error;
  private settled = false;
  private parts = 0;
  /** Files busboy has opened whose streams have not closed yet. */
  private openFiles = 0;
  private nonFileBytes = 0;
  /** Delimiters seen in the raw body, to catch parts busboy skips without a word. */
  private delimiters?: PatternCounter;

  constructor(
    private readonly store: FileStore,
    private readonly req: IncomingMessage,
    private readonly fileField: string,
    private readonly limits: MultipartLimits,
    private readonly resolve: (form: MultipartForm) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  start(): void {
    const contentType = this.req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data\s*;/i.test(contentType)) {
      this.abort(refusal(UploadErrorCode.MultipartMalformed, 'Expected multipart/form-data'));
      return;
    }
    if (this.req.readableEnded || this.req.readableDidRead) {
      // Something (a body parser) has read the body already: parsing would wait forever.
      this.abort(refusal(UploadErrorCode.MultipartMalformed, 'The request body was already read'));
      return;
    }
    try {
      this.parser = busboy({
        headers: this.req.headers,
        defParamCharset: 'utf8',
        preservePath: false,
        limits: {
          files: this.limits.maxFiles,
          // One byte over so the store sees the overflow and refuses, instead of a silent cut.
          fileSize: this.limits.maxFileBytes + 1,
          fields: this.limits.maxFields,
          fieldSize: this.limits.maxFieldBytes,
          // busboy signals on reaching the count; one more means "more than maxParts".
          parts: this.limits.maxParts + 1,
        },
      });
    } catch {
      this.abort(refusal(UploadErrorCode.MultipartMalformed, 'Malformed multipart request'));
      return;
    }
    const parser = this.parser;
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (boundary)
      this.delimiters = new PatternCounter(Buffer.from(`--${boundary[1] ?? boundary[2]}`));
    parser.on('file', (name, stream, info) =>
      this.onFile(name, stream, info.filename, info.mimeType),
    );
    parser.on('field', (name, value, info) =>
      this.onField(name, value, info.valueTruncated || info.nameTruncated),
    );
    parser.on('filesLimit', () =>
      this.abort(
        refusal(
          UploadErrorCode.TooManyFiles,
          `At most ${this.limits.maxFiles} files may be attached`,
        ),
      ),
    );
    parser.on('fieldsLimit', () =>
      this.abort(refusal(UploadErrorCode.TooManyFields, 'Too many form fields')),
    );
    parser.on('partsLimit', () =>
      this.abort(refusal(UploadErrorCode.TooManyParts, 'Too many form parts')),
    );
    parser.on('error', () =>
      this.abort(
        refusal(UploadErrorCode.MultipartMalformed, 'Malformed or incomplete multipart body'),
      ),
    );
    parser.on('close', () => void this.onParserClosed());

    const aborted = () =>
      this.abort(refusal(UploadErrorCode.MultipartAborted, 'The upload was interrupted'));
    this.req.on('aborted', aborted);
    this.req.on('error', aborted);
    this.req.on('close', () => {
      if (!this.req.complete) aborted();
    });
    // Attached before pipe() so each chunk is counted before busboy parses it.
    this.req.on('data', (chunk: Buffer) => {
      this.delimiters?.feed(chunk);
      this.countNonFileBytes(chunk.length);
    });
    this.req.pipe(parser);
  }

  private onFile(
    name: string,
    stream: Readable,
    fileName: string | undefined,
    declaredType: string,
  ): void {
    // busboy destroys the active file stream on teardown; the store may not be listening yet.
    stream.on('error', () => undefined);
    if (this.failure) {
      stream.resume();
      return;
    }
    if (!this.countPart()) {
      stream.resume();
      return;
    }
    if (name !== this.fileField) {
      stream.resume();
      this.abort(
        refusal(
          UploadErrorCode.UnexpectedFileField,
          `Files are only accepted in "${this.fileField}"`,
        ),
      );
      return;
    }
    this.openFiles++;
    this.nonFileBytes = 0;
    stream.once('close', () => {
      this.openFiles--;
      this.nonFileBytes = 0;
    });
    stream.once('limit', () => this.abort(tooLarge(this.limits.maxFileBytes)));

    const slot = this.slots.length;
    this.slots.push(undefined);
    const task = this.store.receive(stream, { maxBytes: this.limits.maxFileBytes }).then(
      (received) => {
        this.slots[slot] = {
          fieldName: name,
          clientFileName: sanitizeClientFileName(fileName),
          declaredType,
          received,
        };
      },
      (error: unknown) => {
        // A browser sends an empty, nameless part for a file input left empty.
        const noFileChosen =
          fileName === undefined &&
          error instanceof FileTypeException &&
          error.code === FileTypeErrorCode.Empty;
        if (!noFileChosen) this.abort(asError(error));
      },
    );
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  private onField(name: string, value: string, truncated: boolean): void {
    if (this.failure || !this.countPart()) return;
    this.nonFileBytes = 0;
    if (truncated) {
      this.abort(
        refusal(
          UploadErrorCode.FieldTooLarge,
          `A form field exceeds ${this.limits.maxFieldBytes} bytes`,
        ),
      );
      return;
    }
    (this.fields[name] ??= []).push(value);
  }

  private countPart(): boolean {
    if (++this.parts <= this.limits.maxParts) return true;
    this.abort(refusal(UploadErrorCode.TooManyParts, 'Too many form parts'));
    return false;
  }

  private countNonFileBytes(length: number): void {
    if (this.openFiles > 0 || this.failure) return;
    this.nonFileBytes += length;
    if (this.nonFileBytes > this.limits.maxFieldBytes + NON_FILE_SLACK_BYTES) {
      this.abort(
        refusal(
          UploadErrorCode.FieldTooLarge,
          `A form field exceeds ${this.limits.maxFieldBytes} bytes`,
        ),
      );
    }
  }

  private async onParserClosed(): Promise<void> {
    // 'close' follows the last file stream's end, but the store may still be closing files.
    await this.allSettled();
    if (this.failure || this.settled) return;
    // busboy drops a part whose headers it cannot parse (an unterminated filename quote, say)
    // without any event: n delimiters enclose n-1 parts, and each must have been seen.
    if (this.delimiters && this.delimiters.count - 1 !== this.parts) {
      this.abort(
        refusal(
          UploadErrorCode.MultipartMalformed,
          'A part of the form could not be read: its headers are malformed',
        ),
      );
      return;
    }
    this.settled = true;
    this.resolve({
      fields: this.fields,
      files: this.slots.filter((file): file is UploadedFile => file !== undefined),
      fileParts: this.slots.map((file) => file ?? null),
    });
  }

  /** First failure wins; later ones (the teardown's own echoes) are ignored. */
  private abort(error: Error): void {
    if (this.failure || this.settled) return;
    this.failure = error;
    // Often called from inside a busboy event, mid-parse: tear down once busboy has returned.
    process.nextTick(() => this.tearDown(error));
  }

  private tearDown(error: Error): void {
    if (this.parser) {
      this.req.unpipe(this.parser);
      // Also destroys the file stream being received, so that receive() rejects and cleans up.
      this.parser.destroy(error);
    }
    this.drainThenClose();
    void this.discardAll().then(() => {
      this.settled = true;
      this.reject(error);
    });
  }

  private drainThenClose(): void {
    const req = this.req;
    if (req.destroyed || req.readableEnded) return;
    req.resume();
    const cutAfter = (ms: number) => {
      const timer = setTimeout(() => req.socket.destroy(), ms);
      timer.unref();
      const stop = () => clearTimeout(timer);
      req.once('end', stop);
      req.once('close', stop);
      return stop;
    };
    // The wait counts from the answer, not from the refusal: on a busy machine, discarding the
    // files can take longer than drainMs, and a socket cut before the answer leaves the client
    // with none. If no answer ever comes, the socket is cut anyway.
    const res = (req as IncomingMessage & { res?: ServerResponse }).res;
    if (!res || res.writableFinished) {
      cutAfter(this.limits.drainMs);
      return;
    }
    const stopSafety = cutAfter(this.limits.drainMs + UNANSWERED_MS);
    res.once('finish', () => {
      stopSafety();
      cutAfter(this.limits.drainMs);
    });
  }

  private async discardAll(): Promise<void> {
    await this.allSettled();
    await Promise.all(
      this.slots.map((file) =>
        file ? this.store.discard(file.received).catch(() => undefined) : undefined,
      ),
    );
  }

  private async allSettled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

function tooLarge(maxBytes: number): UploadException {
  return refusal(UploadErrorCode.TooLarge, `Each file may be at most ${maxBytes} bytes`);
}

/** Anything but a refusal (a full disk, say) is a server fault: passed on as is. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Counts occurrences of a byte pattern in a stream, including ones split across chunks. */
export class PatternCounter {
  count = 0;
  /** The last bytes seen that could begin a match continuing in the next chunk. */
  private tail = Buffer.alloc(0);

  constructor(private readonly pattern: Buffer) {}

  feed(chunk: Buffer): void {
    // A match split across chunks lies within this small seam (too short to hold one that does
    // not begin in the tail), so the chunk itself is never copied.
    const seam = Buffer.concat([this.tail, chunk.subarray(0, this.pattern.length - 1)]);
    for (let at = seam.indexOf(this.pattern); at !== -1;) {
      this.count++;
      at = seam.indexOf(this.pattern, at + this.pattern.length);
    }
    for (let at = chunk.indexOf(this.pattern); at !== -1;) {
      this.count++;
      at = chunk.indexOf(this.pattern, at + this.pattern.length);
    }
    const keep = this.pattern.length - 1;
    this.tail = Buffer.from(
      chunk.length >= keep
        ? chunk.subarray(chunk.length - keep)
        : Buffer.concat([this.tail, chunk]).subarray(-keep),
    );
  }
}
