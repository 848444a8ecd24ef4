import { DomainException } from '../common/errors/domain.exception.js';

/** Stable codes clients can branch on; the HTTP status for each is fixed in EVIDENCE_STATUS. */
export enum EvidenceErrorCode {
  TooLarge = 'EVIDENCE_TOO_LARGE',
  TooManyFiles = 'EVIDENCE_TOO_MANY_FILES',
  UnexpectedFileField = 'EVIDENCE_UNEXPECTED_FILE_FIELD',
  NotAllowedWithIioc = 'EVIDENCE_NOT_ALLOWED_WITH_IIOC',
  MultipartMalformed = 'MULTIPART_MALFORMED',
  MultipartAborted = 'MULTIPART_ABORTED',
  TooManyParts = 'MULTIPART_TOO_MANY_PARTS',
  TooManyFields = 'MULTIPART_TOO_MANY_FIELDS',
  FieldTooLarge = 'FIELD_TOO_LARGE',
}

export const EVIDENCE_STATUS: Record<EvidenceErrorCode, number> = {
  [EvidenceErrorCode.TooLarge]: 413,
  [EvidenceErrorCode.TooManyFiles]: 400,
  [EvidenceErrorCode.UnexpectedFileField]: 400,
  [EvidenceErrorCode.NotAllowedWithIioc]: 400,
  [EvidenceErrorCode.MultipartMalformed]: 400,
  [EvidenceErrorCode.MultipartAborted]: 400,
  [EvidenceErrorCode.TooManyParts]: 413,
  [EvidenceErrorCode.TooManyFields]: 413,
  [EvidenceErrorCode.FieldTooLarge]: 413,
};

/**
 * Messages are fixed text chosen here: never the client's file name, field values or bytes,
 * because they reach logs and responses.
 */
export class EvidenceException extends DomainException {
  constructor(
    readonly evidenceCode: EvidenceErrorCode,
    message: string,
  ) {
    super(EVIDENCE_STATUS[evidenceCode], evidenceCode, message);
  }
}
