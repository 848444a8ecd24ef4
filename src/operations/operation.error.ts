/**
 * A refusal or failure of backup or restore that the operator can act on. The message is
 * printed as it is, so it names files, hashes and counts, never report text or names.
 */
export class OperationError extends Error {
  override name = 'OperationError';
}
