import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Actor } from '../actor.js';

export interface RequestWithActor extends Request {
  actor?: Actor;
  requestId?: string;
  /** A pre-session id minted on this very request (its cookie is only sent back next time). */
  preSession?: string;
}

/** The signed-in caller. Only used on routes the guard has already authenticated. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without an authenticated actor');
  return actor;
});
