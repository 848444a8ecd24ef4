import { DomainException } from '../../common/errors/domain.exception.js';

/** Stable codes for a refused policy import, for the admin pages and the API to branch on. */
export enum PolicyImportErrorCode {
  TextEmpty = 'POLICY_TEXT_EMPTY',
  TextTooLarge = 'POLICY_TEXT_TOO_LARGE',
  NoRulesFound = 'POLICY_NO_RULES_FOUND',
  FileTooLarge = 'POLICY_FILE_TOO_LARGE',
  NotDocx = 'POLICY_FILE_NOT_DOCX',
}

const STATUS: Record<PolicyImportErrorCode, number> = {
  [PolicyImportErrorCode.TextEmpty]: 400,
  [PolicyImportErrorCode.TextTooLarge]: 413,
  [PolicyImportErrorCode.NoRulesFound]: 400,
  [PolicyImportErrorCode.FileTooLarge]: 413,
  [PolicyImportErrorCode.NotDocx]: 415,
};

/** Messages are fixed text chosen here, never the policy's words or the file's bytes. */
export class PolicyImportException extends DomainException {
  constructor(
    override readonly code: PolicyImportErrorCode,
    message: string,
  ) {
    super(STATUS[code], code, message);
  }
}
