import { Body, Controller, Get, Post, Query, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { PageResultInterceptor } from './page-result.js';
import { PasswordPagesService } from './password-pages.service.js';

@ApiExcludeController()
@Controller()
@Public()
export class PasswordPagesController {
  constructor(private readonly pages: PasswordPagesService) {}

  @Get('password/forgot')
  @Render('password/forgot')
  forgot(@Req() req: RequestWithActor) {
    return this.pages.forgot(req);
  }

  @Post('password/forgot')
  @UseInterceptors(PageResultInterceptor)
  requestReset(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.requestReset(req, body);
  }

  @Get('password/reset')
  @Render('password/choose')
  resetPage(@Req() req: RequestWithActor, @Query('token') token: unknown) {
    return this.pages.choosePage(req, 'password_reset', token);
  }

  @Post('password/reset')
  @UseInterceptors(PageResultInterceptor)
  reset(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.choose(req, 'password_reset', body);
  }

  @Get('invitation')
  @Render('password/choose')
  invitationPage(@Req() req: RequestWithActor, @Query('token') token: unknown) {
    return this.pages.choosePage(req, 'invitation', token);
  }

  @Post('invitation')
  @UseInterceptors(PageResultInterceptor)
  acceptInvitation(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.choose(req, 'invitation', body);
  }
}
