import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { DomainException } from '../common/errors/domain.exception.js';
import { readSmallForm } from '../platform/uploads/small-form.js';
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
  const form = await readSmallForm(req, {
    maxFileBytes: MAX_IMPORT_BYTES,
    maxFieldBytes: MAX_IMPORT_BYTES,
  });
  if (form.fileTooLarge || form.fieldTooLarge) throw tooLarge();
  // The file chosen on the page, or the CSV pasted into its box.
  const { csv = '', ...fields } = form.fields;
  return { ...fields, csv: form.file ? form.file.toString('utf8') : csv };
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
