import { DomainException } from '../common/errors/domain.exception.js';

export enum DocumentsErrorCode {
  TemplateNotFound = 'TEMPLATE_NOT_FOUND',
  TemplateInvalid = 'TEMPLATE_INVALID',
  TemplateRenderFailed = 'TEMPLATE_RENDER_FAILED',
  ChromiumNotFound = 'CHROMIUM_NOT_FOUND',
  PdfAssetInvalid = 'PDF_ASSET_INVALID',
  PdfRenderTimeout = 'PDF_RENDER_TIMEOUT',
  PdfRendererUnavailable = 'PDF_RENDERER_UNAVAILABLE',
  PdfRenderFailed = 'PDF_RENDER_FAILED',
}

// 503 where a retry may succeed (busy, crashed, restarting); 500 for faults in our own
// templates, configuration or calling code.
const STATUS: Record<DocumentsErrorCode, number> = {
  [DocumentsErrorCode.TemplateNotFound]: 500,
  [DocumentsErrorCode.TemplateInvalid]: 500,
  [DocumentsErrorCode.TemplateRenderFailed]: 500,
  [DocumentsErrorCode.ChromiumNotFound]: 500,
  [DocumentsErrorCode.PdfAssetInvalid]: 500,
  [DocumentsErrorCode.PdfRenderTimeout]: 503,
  [DocumentsErrorCode.PdfRendererUnavailable]: 503,
  [DocumentsErrorCode.PdfRenderFailed]: 500,
};

/** Messages name templates, codes and ids only: never document text. */
export class DocumentsException extends DomainException {
  constructor(
    override readonly code: DocumentsErrorCode,
    message: string,
  ) {
    super(STATUS[code], code, message);
  }
}
