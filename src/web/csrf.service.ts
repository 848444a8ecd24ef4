import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config.js';

/** Set on the first page view before sign-in, so the sign-in form itself carries a token. */
export const PRE_SESSION_COOKIE = 'pre';

/**
 * Synchronizer tokens without server state: an HMAC of the session id (or, before sign-in, of a
 * random pre-session cookie) under SECRET_KEY. A page on another site can neither read nor
 * compute it.
 */
@Injectable()
export class CsrfService {
  constructor(private readonly config: AppConfig) {}

  tokenFor(binding: { sessionId?: string | null; preSession?: string | null }): string {
    const subject = binding.sessionId
      ? `session:${binding.sessionId}`
      : `pre:${binding.preSession ?? ''}`;
    return createHmac('sha256', this.config.secretKey).update(subject).digest('base64url');
  }

  matches(
    token: unknown,
    binding: { sessionId?: string | null; preSession?: string | null },
  ): boolean {
    if (typeof token !== 'string' || token.length === 0) return false;
    if (!binding.sessionId && !binding.preSession) return false;
    const expected = Buffer.from(this.tokenFor(binding));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
