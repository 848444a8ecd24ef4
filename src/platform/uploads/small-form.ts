import busboy from 'busboy';
import type { Request } from 'express';
import { DomainException } from '../../common/errors/domain.exception.js';

/** A small multipart form read whole into memory: its fields and at most one file. */
export interface SmallForm {
  fields: Record<string, string>;
  /** The uploaded file's bytes; null when no file was chosen (a browser sends an empty part). */
  file: Buffer | null;
  /** The file passed `maxFileBytes`: its bytes were read and dropped. */
  fileTooLarge: boolean;
  /** A field passed `maxFieldBytes`. */
  fieldTooLarge: boolean;
}

/**
 * Reads a small multipart form (an imported people CSV, a policy document) into memory. The
 * evidence upload streams through MultipartReader into the file store instead; these forms are
 * a few megabytes at most and read whole by their use case. Past a limit the rest is read and
 * dropped, so the client gets an answer, and the caller refuses with its own words; nothing of
 * an over-size upload is kept.
 */
export function readSmallForm(
  req: Request,
  limits: { maxFileBytes: number; maxFieldBytes: number },
): Promise<SmallForm> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    const chunks: Buffer[] = [];
    let size = 0;
    let sawFile = false;
    let fileTooLarge = false;
    let fieldTooLarge = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          files: 1,
          fields: 20,
          fieldSize: limits.maxFieldBytes + 1,
          fileSize: limits.maxFileBytes + 1,
        },
      });
    } catch {
      reject(new DomainException(400, 'MALFORMED_BODY', 'Malformed upload'));
      return;
    }
    parser.on('file', (_name, stream, info) => {
      stream.on('data', (chunk: Buffer) => {
        if (info.filename) sawFile = true;
        size += chunk.length;
        if (size > limits.maxFileBytes) fileTooLarge = true;
        else chunks.push(chunk);
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || Buffer.byteLength(value) > limits.maxFieldBytes)
        fieldTooLarge = true;
      else if (name !== '__proto__') fields[name] = value;
    });
    parser.on('error', () =>
      reject(new DomainException(400, 'MALFORMED_BODY', 'Malformed upload')),
    );
    parser.on('close', () =>
      resolve({
        fields,
        file: sawFile ? Buffer.concat(chunks) : null,
        fileTooLarge,
        fieldTooLarge,
      }),
    );
    req.pipe(parser);
  });
}
