import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';

/** Sets (after login) or clears (after logout) the httpOnly cookie the pages authenticate with. */
@Injectable()
export class SessionCookieInterceptor implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        const token = (body as { accessToken?: unknown } | undefined)?.accessToken;
        if (typeof token === 'string') setSessionCookie(response, token, this.config);
        else clearSessionCookie(response, this.config);
        return body;
      }),
    );
  }
}
