import type { Response } from 'express';
import type { RequestWithActor } from '../decorators/current-actor.decorator.js';
import type { Translate } from '../language.js';

/** The contract's error body; a 5xx also carries the request id. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  requestId?: string;
}

/**
 * How the error filter answers a page request (anything outside /api/). The pages provide it
 * (web/), so the filter needs no templates; where nothing provides it, every answer is JSON.
 */
export abstract class ErrorPages {
  abstract render(request: RequestWithActor, response: Response, body: ErrorBody): void;

  /**
   * The catalogue's words, so an API error's `message` can be in the caller's language; where
   * nothing provides them, every message is the English it was raised in.
   */
  translate?: Translate;
}
