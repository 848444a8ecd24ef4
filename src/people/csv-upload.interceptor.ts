import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { DomainException } from '../common/errors/domain.exception.js';
import { MAX_IMPORT_BYTES } from './people-csv.js';

/**
 * Reads a people CSV before the handler runs: a `text/csv` body (API clients), or a multipart
 * form with the file in `file` or the text in `csv` (the admin page), plus its other fields.
 * The handler gets `{ csv, ...fields }` as its body. Past MAX_IMPORT_BYTES the rest is read
 * and dropped, and the answer is 413 with nothing kept.
 */
@Injectable()
export class CsvUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    return from(readUpload(req)).pipe(
      switchMap((body) => {
        req.body = body;
        return next.handle();
      }),
    );
  }
}

function tooLarge(): DomainException {
  return new DomainException(
    413,
    'PAYLOAD_TOO_LARGE',
    `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; nothing was imported`,
  );
}

async function readUpload(req: Request): Promise<Record<string, string>> {
  const type = req.headers['content-type'] ?? '';
  const declared = Number(req.headers['content-length'] ?? 0);
  if (/^text\/(csv|plain)\b/i.test(type)) {
    const bytes = await collect(req, declared);
    return { csv: bytes.toString('utf8') };
  }
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new DomainException(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the CSV as text/csv or as a form upload',
    );
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          files: 1,
          fields: 20,
          fieldSize: MAX_IMPORT_BYTES + 1,
          fileSize: MAX_IMPORT_BYTES + 1,
        },
      });
    } catch {
      reject(new DomainException(400, 'MALFORMED_BODY', 'Malformed upload'));
      return;
    }
    parser.on('file', (_name, stream) => {
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_IMPORT_BYTES) over = true;
        else chunks.push(chunk);
      });
    });
    parser.on('field', (name, value, info) => {
      if (name === 'csv') {
        if (info.valueTruncated || Buffer.byteLength(value) > MAX_IMPORT_BYTES) over = true;
        else chunks.push(Buffer.from(value, 'utf8'));
      } else if (name !== '__proto__') {
        fields[name] = value;
      }
    });
    parser.on('error', () =>
      reject(new DomainException(400, 'MALFORMED_BODY', 'Malformed upload')),
    );
    parser.on('close', () => {
      if (over) reject(tooLarge());
      else resolve({ ...fields, csv: Buffer.concat(chunks).toString('utf8') });
    });
    req.pipe(parser);
  });
}

/** The whole body up to the limit; past it, drained and refused. */
function collect(req: Request, declared: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > MAX_IMPORT_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_IMPORT_BYTES) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}
