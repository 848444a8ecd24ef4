import { DomainException } from '../../common/errors/domain.exception.js';

/** Stable codes clients can branch on (API.md); the names predate this engine's own folder. */
export enum FileStoreErrorCode {
  TooLarge = 'EVIDENCE_TOO_LARGE',
  InvalidKey = 'EVIDENCE_KEY_INVALID',
}

const STATUS: Record<FileStoreErrorCode, number> = {
  [FileStoreErrorCode.TooLarge]: 413,
  [FileStoreErrorCode.InvalidKey]: 400,
};

/** Messages are fixed text chosen here, never a file's name or bytes. */
export class FileStoreException extends DomainException {
  constructor(
    override readonly code: FileStoreErrorCode,
    message: string,
  ) {
    super(STATUS[code], code, message);
  }
}
