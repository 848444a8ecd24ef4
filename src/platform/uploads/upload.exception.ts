import { DomainException } from '../../common/errors/domain.exception.js';

/** Stable codes clients can branch on (API.md); the HTTP status for each is fixed in STATUS. */
export enum UploadErrorCode {
  TooLarge = 'EVIDENCE_TOO_LARGE',
  TooManyFiles = 'EVIDENCE_TOO_MANY_FILES',
  UnexpectedFileField = 'EVIDENCE_UNEXPECTED_FILE_FIELD',
  MultipartMalformed = 'MULTIPART_MALFORMED',
  MultipartAborted = 'MULTIPART_ABORTED',
  TooManyParts = 'MULTIPART_TOO_MANY_PARTS',
  TooManyFields = 'MULTIPART_TOO_MANY_FIELDS',
  FieldTooLarge = 'FIELD_TOO_LARGE',
}

const STATUS: Record<UploadErrorCode, number> = {
  [UploadErrorCode.TooLarge]: 413,
  [UploadErrorCode.TooManyFiles]: 400,
  [UploadErrorCode.UnexpectedFileField]: 400,
  [UploadErrorCode.MultipartMalformed]: 400,
  [UploadErrorCode.MultipartAborted]: 400,
  [UploadErrorCode.TooManyParts]: 413,
  [UploadErrorCode.TooManyFields]: 413,
  [UploadErrorCode.FieldTooLarge]: 413,
};

/**
 * Messages are fixed text chosen here: never the client's file name, field values or bytes,
 * because they reach logs and responses.
 */
export class UploadException extends DomainException {
  constructor(
    override readonly code: UploadErrorCode,
    message: string,
  ) {
    super(STATUS[code], code, message);
  }
}
