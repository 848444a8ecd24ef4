import { DomainException } from '../../common/errors/domain.exception.js';

export enum TemplateErrorCode {
  TemplateNotFound = 'TEMPLATE_NOT_FOUND',
  TemplateInvalid = 'TEMPLATE_INVALID',
  TemplateRenderFailed = 'TEMPLATE_RENDER_FAILED',
}

/**
 * Always a 500: a fault in our own templates or calling code. Messages name templates and fields
 * only, never the data being rendered.
 */
export class TemplateException extends DomainException {
  constructor(
    override readonly code: TemplateErrorCode,
    message: string,
  ) {
    super(500, code, message);
  }
}
