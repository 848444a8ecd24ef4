import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { RequestWithActor } from './decorators/current-actor.decorator.js';

/**
 * What a proxy's or a client's own request id may look like to be kept: a UUID, nginx's 32 hex
 * digits and the like. Anything else (spaces, quotes, control characters, a novel) is replaced.
 */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/**
 * A correlation id on every request, response and log line, so a 500 seen by a user can be
 * found in logs. An incoming X-Request-Id is kept when well-formed, so one request can be
 * followed through the proxy in front and this app.
 */
export function requestId(req: RequestWithActor, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  req.requestId =
    typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.requestId);
  next();
}
