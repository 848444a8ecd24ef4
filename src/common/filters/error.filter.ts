import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
  Optional,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { RequestWithActor } from '../decorators/current-actor.decorator.js';
import { DomainException, TooManyRequestsException } from '../errors/domain.exception.js';
import { errorMessageIn } from '../errors/error-words.js';
import { DEFAULT_LANGUAGE, languageFromHeader, type Language } from '../language.js';
import { ErrorPages, type ErrorBody } from './error-pages.js';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * Turns every error into the contract's `{ statusCode, error, message, code }`. Unknown errors
 * become a generic 500 that carries only a request id; the detail goes to the log.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** Optional so the filter also works in a module without pages (a probe, the CLI). */
  constructor(@Optional() private readonly pages?: ErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<RequestWithActor>();
    const body = toErrorBody(exception);
    // Any 5xx carries the correlation id, so a person's report of it can be found in the log.
    if (body.statusCode >= 500) body.requestId = request.requestId;
    if (body.statusCode >= 500) {
      const detail =
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`request ${request.requestId} failed: ${detail}`);
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof TooManyRequestsException) {
      response.setHeader(
        'Retry-After',
        String(Math.max(1, Math.ceil(exception.retryAfterSeconds))),
      );
    }
    if (this.pages && !request.path.startsWith('/api/')) {
      this.pages.render(request, response, body);
      return;
    }
    const lang = languageOfCaller(request);
    if (this.pages?.translate && lang !== DEFAULT_LANGUAGE) {
      body.message = errorMessageIn(lang, this.pages.translate, body, exception);
    }
    response.status(body.statusCode).json(body);
  }
}

/** A signed-in caller's own language (else their school's); anyone else's browser's. */
function languageOfCaller(request: RequestWithActor): Language {
  return (
    request.actor?.language ??
    languageFromHeader(request.headers['accept-language']) ??
    DEFAULT_LANGUAGE
  );
}

export function toErrorBody(exception: unknown): ErrorBody {
  // Express hands body-parser failures over wrapped in an HttpException, the original as cause.
  const parserStatus =
    bodyParserStatus(exception) ??
    (exception instanceof Error ? bodyParserStatus(exception.cause) : null);
  if (parserStatus) {
    // Never echo the parser's message: it can quote the body the client sent.
    const message = parserStatus === 413 ? 'Request body too large' : 'Malformed request body';
    return shape(
      parserStatus,
      message,
      parserStatus === 413 ? 'PAYLOAD_TOO_LARGE' : 'MALFORMED_BODY',
    );
  }
  if (exception instanceof DomainException) {
    return { ...shape(exception.status, exception.messages, exception.code), ...exception.extra };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? (response as { message: string | string[] }).message
        : exception.message;
    return shape(
      status,
      status === 400 ? message : (STATUS_CODES[status] ?? message),
      codeFor(status, response),
    );
  }
  return shape(500, 'Internal server error', 'INTERNAL_ERROR');
}

function shape(statusCode: number, message: string | string[], code: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code };
}

function codeFor(status: number, response: unknown): string {
  if (
    status === 400 &&
    typeof response === 'object' &&
    response &&
    Array.isArray((response as { message?: unknown }).message)
  ) {
    return 'VALIDATION_FAILED';
  }
  return CODE_BY_STATUS[status] ?? 'ERROR';
}

/** body-parser signals its own failures with `type` and `status` on a plain error. */
function bodyParserStatus(exception: unknown): number | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { type, status } = exception as { type?: unknown; status?: unknown };
  if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) {
    return status;
  }
  return null;
}
