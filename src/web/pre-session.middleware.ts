import { randomBytes } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { SESSION_COOKIE } from '../auth/access.guard.js';
import { PRE_SESSION_COOKIE } from './csrf.service.js';

/** Gives a visitor who is not signed in a random cookie, so the sign-in form can carry a CSRF token. */
export function preSession(secure: boolean) {
  return (req: RequestWithActor, res: Response, next: NextFunction): void => {
    const cookies = (req.cookies ?? {}) as Record<string, string>;
    if (
      req.method === 'GET' &&
      !req.path.startsWith('/api/') &&
      !cookies[SESSION_COOKIE] &&
      !cookies[PRE_SESSION_COOKIE]
    ) {
      req.preSession = randomBytes(24).toString('base64url');
      res.cookie(PRE_SESSION_COOKIE, req.preSession, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
      });
    }
    next();
  };
}
