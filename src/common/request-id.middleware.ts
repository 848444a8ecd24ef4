import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { RequestWithActor } from './decorators/current-actor.decorator.js';

/** A correlation id on every request and response, so a 500 seen by a user can be found in logs. */
export function requestId(req: RequestWithActor, res: Response, next: NextFunction): void {
  req.requestId = randomUUID();
  res.setHeader('X-Request-Id', req.requestId);
  next();
}
