import type { NextFunction, Request, Response } from 'express';
import { DomainException } from './errors/domain.exception.js';

/** Keys that name an object's prototype machinery; no form or DTO field is ever called this. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Far deeper than any body this API takes (two levels at most), far shallower than the stack. */
export const MAX_BODY_DEPTH = 32;

/**
 * Looks at a parsed JSON or form body before anything transforms it: class-transformer recurses
 * (deep nesting overflows the stack, a 500 anyone could trigger before signing in) and silently
 * drops prototype keys (so forbidNonWhitelisted never sees them). Walks iteratively.
 */
export function bodyShapeGuard(req: Request, _res: Response, next: NextFunction): void {
  const problem = shapeProblem(req.body);
  if (problem) {
    next(new DomainException(400, 'BODY_REFUSED', problem));
    return;
  }
  next();
}

export function shapeProblem(body: unknown): string | null {
  const stack: [unknown, number][] = [[body, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_BODY_DEPTH) return `body is nested more than ${MAX_BODY_DEPTH} levels deep`;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `property ${key} should not exist`;
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return null;
}
