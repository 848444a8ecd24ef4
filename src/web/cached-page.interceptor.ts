import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { ResponseCache } from '../common/http/response-cache.js';
import { TemplateRenderer } from '../platform/templates/template-renderer.js';
import type { PageResult } from './page-result.js';

/** What a cached page's handler returns: a page to show with 200, never a redirect. */
export type PageView = Pick<Extract<PageResult, { view: string }>, 'view' | 'model'>;

/**
 * For a read-only list page: answers with the HTML kept in ResponseCache when the same session
 * asked the same URL and nothing has changed since; otherwise renders the handler's page and
 * keeps it. The page's CSRF token is bound to the session, which is part of the key.
 */
@Injectable()
export class CachedPageInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: ResponseCache,
    private readonly templates: TemplateRenderer,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    // Express keeps a content type already set when sent a string.
    context.switchToHttp().getResponse<Response>().type('html');
    return this.cache.answer(req.actor, req.originalUrl, () =>
      next.handle().pipe(map((page: PageView) => this.templates.render(page.view, page.model))),
    );
  }
}
