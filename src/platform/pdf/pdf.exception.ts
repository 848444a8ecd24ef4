import { DomainException } from '../../common/errors/domain.exception.js';

export enum PdfErrorCode {
  ChromiumNotFound = 'CHROMIUM_NOT_FOUND',
  PdfAssetInvalid = 'PDF_ASSET_INVALID',
  PdfRenderTimeout = 'PDF_RENDER_TIMEOUT',
  PdfRendererUnavailable = 'PDF_RENDERER_UNAVAILABLE',
  PdfRenderFailed = 'PDF_RENDER_FAILED',
  PdfRenderCancelled = 'PDF_RENDER_CANCELLED',
  PdfRendersInProgress = 'PDF_RENDERS_IN_PROGRESS',
}

// 503 where a retry may succeed (busy, crashed, restarting); 429 when the caller's own jobs are
// what it waits for; 500 for faults in our own configuration or calling code.
const STATUS: Record<PdfErrorCode, number> = {
  [PdfErrorCode.ChromiumNotFound]: 500,
  [PdfErrorCode.PdfAssetInvalid]: 500,
  [PdfErrorCode.PdfRenderTimeout]: 503,
  [PdfErrorCode.PdfRendererUnavailable]: 503,
  [PdfErrorCode.PdfRenderFailed]: 500,
  // Nobody reads this answer (the caller has gone); the code is for the logs and the stats.
  [PdfErrorCode.PdfRenderCancelled]: 503,
  // One person already has as many files being made, and one waiting, as they may have.
  [PdfErrorCode.PdfRendersInProgress]: 429,
};

/** Messages name codes and ids only: never document text. */
export class PdfException extends DomainException {
  constructor(
    override readonly code: PdfErrorCode,
    message: string,
  ) {
    super(STATUS[code], code, message);
  }
}
