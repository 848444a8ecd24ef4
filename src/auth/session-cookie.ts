import type { Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { SESSION_COOKIE } from './access.guard.js';
import { SESSION_TTL_MS } from './session.service.js';

/** httpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it), Secure behind https. */
function options(config: AppConfig) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, path: '/' };
}

export function setSessionCookie(res: Response, token: string, config: AppConfig): void {
  res.cookie(SESSION_COOKIE, token, { ...options(config), maxAge: SESSION_TTL_MS });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, options(config));
}
