import { DomainException } from '../../common/errors/domain.exception.js';

/** Stable codes clients can branch on (API.md); the names predate this engine's own folder. */
export enum FileTypeErrorCode {
  Empty = 'EVIDENCE_EMPTY',
  TypeNotAllowed = 'EVIDENCE_TYPE_NOT_ALLOWED',
  Malformed = 'EVIDENCE_MALFORMED',
  ActiveContent = 'EVIDENCE_ACTIVE_CONTENT',
  ImageDimensionsTooLarge = 'IMAGE_DIMENSIONS_TOO_LARGE',
}

/**
 * A file refused for what its bytes are: always 415. Messages are fixed text chosen here, never
 * the file's name or bytes, because they reach logs and responses.
 */
export class FileTypeException extends DomainException {
  constructor(
    override readonly code: FileTypeErrorCode,
    message: string,
  ) {
    super(415, code, message);
  }
}

export function typeNotAllowed(): FileTypeException {
  return new FileTypeException(
    FileTypeErrorCode.TypeNotAllowed,
    'Only PNG, JPEG, WebP, GIF or PDF files are accepted',
  );
}

export function malformed(what: string): FileTypeException {
  return new FileTypeException(
    FileTypeErrorCode.Malformed,
    `The file is not a well-formed ${what}`,
  );
}
