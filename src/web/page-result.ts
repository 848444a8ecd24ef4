import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, mergeMap, Observable } from 'rxjs';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.js';
import { AppConfig } from '../config/app-config.js';
import { TemplateRenderer } from '../platform/templates/template-renderer.js';

/** What a form handler decides: show a page (a form again, with its errors) or go elsewhere. */
export type PageResult =
  | { redirect: string; session?: { set: string } | { clear: true } }
  | { view: string; model: object; status?: number; headers?: Record<string, string> };

/**
 * Applies a PageResult, so page services can answer a form with "show it again with these
 * errors" without controllers catching anything.
 */
@Injectable()
export class PageResultInterceptor implements NestInterceptor {
  constructor(
    private readonly templates: TemplateRenderer,
    private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap((result: PageResult) =>
        from(
          (async () => {
            if ('redirect' in result) {
              if (result.session && 'set' in result.session)
                setSessionCookie(res, result.session.set, this.config);
              if (result.session && 'clear' in result.session) clearSessionCookie(res, this.config);
              res.redirect(303, result.redirect);
              return undefined;
            }
            for (const [name, value] of Object.entries(result.headers ?? {})) {
              res.setHeader(name, value);
            }
            res
              .status(result.status ?? 200)
              .type('html')
              .send(this.templates.render(result.view, result.model));
            return undefined;
          })(),
        ),
      ),
    );
  }
}
