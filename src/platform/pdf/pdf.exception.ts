import { DomainException } from '../../common/errors/domain.exception.js';

export enum PdfErrorCode {
  ChromiumNotFound = 'CHROMIUM_NOT_FOUND',
  PdfAssetInvalid = 'PDF_ASSET_INVALID',
  PdfRenderTimeout = 'PDF_RENDER_TIMEOUT',
  PdfRendererUnavailable = 'PDF_RENDERER_UNAVAILABLE',
  PdfRenderFailed = 'PDF_RENDER_FAILED',
}

// 503 where a retry may succeed (busy, crashed, restarting); 500 for faults in our own
// configuration or calling code.
const STATUS: Record<PdfErrorCode, number> = {
  [PdfErrorCode.ChromiumNotFound]: 500,
  [PdfErrorCode.PdfAssetInvalid]: 500,
  [PdfErrorCode.PdfRenderTimeout]: 503,
  [PdfErrorCode.PdfRendererUnavailable]: 503,
  [PdfErrorCode.PdfRenderFailed]: 500,
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
