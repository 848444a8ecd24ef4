import { Body, Controller, Get, Header, Post, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ANY_SIGNED_IN, DuringEnrolment, Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { AccountPagesService } from './account-pages.service.js';
import { PageResultInterceptor } from './page-result.js';

/** The person's own sign-in security; open while their enrolment is still owed. */
@ApiExcludeController()
@Controller('account/second-factor')
@Roles(ANY_SIGNED_IN)
@DuringEnrolment()
export class AccountPagesController {
  constructor(private readonly pages: AccountPagesService) {}

  @Get()
  @Render('account/second-factor')
  overview(@Req() req: RequestWithActor) {
    return this.pages.overview(req);
  }

  @Post('totp')
  @UseInterceptors(PageResultInterceptor)
  beginTotp(@Req() req: RequestWithActor) {
    return this.pages.beginTotp(req);
  }

  @Get('totp/qr.svg')
  @Header('Content-Type', 'image/svg+xml')
  totpQr(@Req() req: RequestWithActor) {
    return this.pages.totpQr(req);
  }

  @Post('totp/confirm')
  @UseInterceptors(PageResultInterceptor)
  confirmTotp(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.confirmTotp(req, body);
  }

  @Post('passkeys')
  @UseInterceptors(PageResultInterceptor)
  registerPasskey(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.registerPasskey(req, body);
  }

  @Post('recovery-codes')
  @UseInterceptors(PageResultInterceptor)
  recoveryCodes(@Req() req: RequestWithActor) {
    return this.pages.newRecoveryCodes(req);
  }
}
