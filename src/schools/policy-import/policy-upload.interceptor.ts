import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { DomainException } from '../../common/errors/domain.exception.js';
import { readSmallForm } from '../../platform/uploads/small-form.js';
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

async function readUpload(req: Request): Promise<PolicyUpload> {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    throw new DomainException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the policy as a form upload');
  }
  const form = await readSmallForm(req, {
    maxFileBytes: MAX_DOCX_BYTES,
    // A character is at most four bytes of UTF-8.
    maxFieldBytes: MAX_POLICY_TEXT_CHARS * 4,
  });
  if (form.fileTooLarge)
    throw new PolicyImportException(
      PolicyImportErrorCode.FileTooLarge,
      `The file is larger than ${MAX_DOCX_BYTES / 1024 / 1024} MB; nothing was read`,
    );
  if (form.fieldTooLarge)
    throw new PolicyImportException(
      PolicyImportErrorCode.TextTooLarge,
      'The pasted text is too long; nothing was read',
    );
  const { text = '', ...rest } = form.fields;
  return { fields: rest, text, file: form.file };
}
