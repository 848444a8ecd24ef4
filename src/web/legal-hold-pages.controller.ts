import { Body, Controller, Param, ParseUUIDPipe, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CASE_OWNER_ROLES } from '../cases/case-roles.js';
import { Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { LegalHoldPagesService } from './legal-hold-pages.service.js';
import { PageResultInterceptor } from './page-result.js';

/** The case page's legal-hold forms (the owner's; the admin uses the API). */
@ApiExcludeController()
@Controller()
export class LegalHoldPagesController {
  constructor(private readonly pages: LegalHoldPagesService) {}

  @Post('cases/:id/legal-holds')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  place(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.place(req, id, body);
  }

  @Post('cases/:id/legal-holds/:holdId/lift')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  lift(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('holdId', new ParseUUIDPipe()) holdId: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.lift(req, id, holdId, body);
  }
}
