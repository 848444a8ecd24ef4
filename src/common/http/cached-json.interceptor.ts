import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import type { RequestWithActor } from '../decorators/current-actor.decorator.js';
import { ResponseCache } from './response-cache.js';

/**
 * For a read-only JSON list: answers from ResponseCache when the same session asked the same URL
 * and nothing has changed since; otherwise lets the handler answer and keeps its JSON. Only
 * successful answers are kept (an error is thrown past this and never stored).
 */
@Injectable()
export class CachedJsonInterceptor implements NestInterceptor {
  constructor(private readonly cache: ResponseCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    // Express keeps a content type already set when sent a string, so the JSON goes out as is.
    context.switchToHttp().getResponse<Response>().type('application/json');
    return this.cache.answer(req.actor, req.originalUrl, () =>
      next.handle().pipe(map((value: unknown) => JSON.stringify(value))),
    );
  }
}
