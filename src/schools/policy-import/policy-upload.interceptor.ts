import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { DomainException } from '../../common/errors/domain.exception.js';
import { MAX_POLICY_TEXT_CHARS } from './clause-proposal.js';
import { MAX_DOCX_BYTES } from './policy-docx.reader.js';
import { PolicyImportErrorCode, PolicyImportException } from './policy-import.exception.js';

/** What the import page posts: the pasted text, or a file, and the form's other fields. */
export interface PolicyUpload {
  fields: Record<string, string>;
  text: string;
  file: Buffer | null;
}

/**
 * Reads the import page's multipart form before the handler runs: the policy pasted into `text`
 * or uploaded as `file` (.docx or plain text). The handler gets a PolicyUpload as its body.
 * Past MAX_DOCX_BYTES the rest is read and dropped, and the answer is 413 with nothing kept;
 * the bytes live in memory only, for the proposal, and are never stored.
 */
@Injectable()
export class PolicyUploadInterceptor implements NestInterceptor {
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

function readUpload(req: Request): Promise<PolicyUpload> {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(
      new DomainException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the policy as a form upload'),
    );
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    const chunks: Buffer[] = [];
    let size = 0;
    let fileTooLarge = false;
    let textTooLarge = false;
    let sawFile = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          files: 1,
          fields: 20,
          // A character is at most four bytes of UTF-8.
          fieldSize: MAX_POLICY_TEXT_CHARS * 4,
          fileSize: MAX_DOCX_BYTES + 1,
        },
      });
    } catch {
      reject(new DomainException(400, 'MALFORMED_BODY', 'Malformed upload'));
      return;
    }
    parser.on('file', (_name, stream, info) => {
      stream.on('data', (chunk: Buffer) => {
        // A browser sends an empty part for a file input left empty.
        if (info.filename) sawFile = true;
        size += chunk.length;
        if (size > MAX_DOCX_BYTES) fileTooLarge = true;
        else chunks.push(chunk);
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) textTooLarge = true;
      else if (name !== '__proto__') fields[name] = value;
    });
    parser.on('error', () =>
      reject(new DomainException(400, 'MALFORMED_BODY', 'Malformed upload')),
    );
    parser.on('close', () => {
      if (fileTooLarge)
        reject(
          new PolicyImportException(
            PolicyImportErrorCode.FileTooLarge,
            `The file is larger than ${MAX_DOCX_BYTES / 1024 / 1024} MB; nothing was read`,
          ),
        );
      else if (textTooLarge)
        reject(
          new PolicyImportException(
            PolicyImportErrorCode.TextTooLarge,
            'The pasted text is too long; nothing was read',
          ),
        );
      else {
        const { text = '', ...rest } = fields;
        resolve({ fields: rest, text, file: sawFile ? Buffer.concat(chunks) : null });
      }
    });
    req.pipe(parser);
  });
}
