/**
 * Every `code` an error answer can carry: the contract's stable machine codes, one list so the
 * OpenAPI document can give `ErrorResponse.code` as an enum a client can switch on.
 * `error-codes.spec.ts` reads the source and fails when a code is thrown that is not listed here.
 */
export const ERROR_CODES = [
  // The error filter, for errors that are not DomainExceptions (Nest, body parsing, unknown).
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'MALFORMED_BODY',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_REQUESTS',
  'INTERNAL_ERROR',
  'ERROR',
  // Access and request shape (common/).
  'AUTH_REQUIRED',
  'ROLE_FORBIDDEN',
  'ROUTE_NOT_DECLARED',
  'CSRF_REJECTED',
  'BODY_REFUSED',
  // Sign-in.
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_THROTTLED',
  // Schools, reports and cases.
  'POLICY_MISSING',
  'POLICY_INVALID',
  'REPORT_INVALID',
  'INVALID_CURSOR',
  'CASE_FORBIDDEN',
  'CASE_FORBIDDEN_TRANSITION',
  'CASE_INVALID_TRANSITION',
  'CASE_VALIDATION',
  'CASE_STALE_VERSION',
  'CASE_NOT_AWAITING_HR_ADVICE',
  'CASE_NOT_DECIDED',
  // Evidence and uploads.
  'EVIDENCE_INVALID',
  'EVIDENCE_FORBIDDEN',
  'EVIDENCE_MISSING',
  'EVIDENCE_TOO_LARGE',
  'EVIDENCE_EMPTY',
  'EVIDENCE_TYPE_NOT_ALLOWED',
  'EVIDENCE_MALFORMED',
  'EVIDENCE_ACTIVE_CONTENT',
  'IMAGE_DIMENSIONS_TOO_LARGE',
  'EVIDENCE_TOO_MANY_FILES',
  'EVIDENCE_UNEXPECTED_FILE_FIELD',
  'EVIDENCE_NOT_ALLOWED_WITH_IIOC',
  'EVIDENCE_KEY_INVALID',
  'MULTIPART_MALFORMED',
  'MULTIPART_ABORTED',
  'MULTIPART_TOO_MANY_PARTS',
  'MULTIPART_TOO_MANY_FIELDS',
  'FIELD_TOO_LARGE',
  // Documents (templates and the PDF renderer).
  'TEMPLATE_NOT_FOUND',
  'TEMPLATE_INVALID',
  'TEMPLATE_RENDER_FAILED',
  'CHROMIUM_NOT_FOUND',
  'PDF_ASSET_INVALID',
  'PDF_RENDER_TIMEOUT',
  'PDF_RENDERER_UNAVAILABLE',
  'PDF_RENDER_FAILED',
  // Health.
  'DATABASE_UNAVAILABLE',
  'NOT_READY',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
