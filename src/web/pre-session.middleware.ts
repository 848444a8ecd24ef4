import { randomBytes } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { PRE_SESSION_COOKIE } from './csrf.service.js';

/**
 * Gives a visitor without one a random cookie, so the sign-in form can carry a CSRF token. It is
 * set whether or not a session cookie came too: that cookie may be stale (expired, revoked,
 * idle), and a sign-in form must still work without the person clearing cookies first.
 */
export function preSession(secure: boolean) {
  return (req: RequestWithActor, res: Response, next: NextFunction): void => {
    const cookies = (req.cookies ?? {}) as Record<string, string>;
    if (req.method === 'GET' && !req.path.startsWith('/api/') && !cookies[PRE_SESSION_COOKIE]) {
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
