import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { SESSION_COOKIE } from '../common/guards/access.guard.js';
import { SESSION_TTL_MS } from './session.service.js';

/** Sets (after login) or clears (after logout) the httpOnly cookie the pages authenticate with. */
@Injectable()
export class SessionCookieInterceptor implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        const token = (body as { accessToken?: unknown } | undefined)?.accessToken;
        const options = {
          httpOnly: true,
          sameSite: 'lax' as const,
          secure: this.config.secureCookies,
          path: '/',
        };
        if (typeof token === 'string') {
          response.cookie(SESSION_COOKIE, token, { ...options, maxAge: SESSION_TTL_MS });
        } else {
          response.clearCookie(SESSION_COOKIE, options);
        }
        return body;
      }),
    );
  }
}
