import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { AppConfig } from '../../config/app-config.js';
import type { RequestWithActor } from '../decorators/current-actor.decorator.js';

export const APP_LOGGER = Symbol('AppLogger');

const LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' } as const;

/**
 * The one pino logger: JSON lines on stdout, at LOG_LEVEL. Written synchronously, as Nest's
 * console logger wrote: pino's default buffers, so the line naming a 500's cause could still
 * be unwritten when the client has its answer, or lost if the process then dies.
 */
export function createAppLogger(config: AppConfig): Logger {
  return pino(
    {
      level: LEVELS[config.logLevel],
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 1, sync: true }),
  );
}

type Req = IncomingMessage & RequestWithActor & { route?: { path?: string } };

/**
 * One line per request when the answer is sent (or the connection closes): method, route
 * pattern, status, duration, request id, user id. Never headers (tokens, cookies), bodies,
 * query strings or the raw URL: the pattern (`/api/v1/cases/:id`) says which route without
 * saying what was searched for.
 */
export function accessLog(logger: Logger): HttpLogger<Req> {
  const line = (req: Req, res: ServerResponse, durationMs: number) => ({
    method: req.method,
    // No route matched (a 404, a static file): nestjs-pino's catch-all pattern is no route.
    route: req.route?.path && !req.route.path.includes('*') ? req.route.path : null,
    status: res.statusCode,
    durationMs,
    userId: req.actor?.userId ?? null,
  });
  return pinoHttp<Req>({
    logger,
    // The requestId middleware runs first and has already chosen the id.
    genReqId: (req) => req.requestId ?? randomUUID(),
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessObject: (req, res, value: { responseTime: number }) =>
      line(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime: number }) =>
      line(req, res, value.responseTime),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
  });
}
