import { Body, Controller, Get, Post, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import {
  ANY_SIGNED_IN,
  DuringEnrolment,
  Public,
  Roles,
} from '../common/decorators/access.decorators.js';
import { AuthPagesService } from './auth-pages.service.js';
import { PageResultInterceptor } from './page-result.js';
import { homeFor } from './page-context.js';

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(private readonly pages: AuthPagesService) {}

  @Get()
  @Public()
  @UseInterceptors(PageResultInterceptor)
  home(@Req() req: RequestWithActor) {
    return { redirect: req.actor ? homeFor(req.actor) : '/login' };
  }

  @Get('login')
  @Public()
  @Render('login')
  loginPage(@Req() req: RequestWithActor) {
    return this.pages.loginPage(req);
  }

  @Post('login')
  @Public()
  @UseInterceptors(PageResultInterceptor)
  login(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.login(req, body);
  }

  @Get('login/sso')
  @Public()
  @Render('login-sso')
  ssoPage(@Req() req: RequestWithActor) {
    return this.pages.ssoPage(req);
  }

  @Post('login/sso')
  @Public()
  @UseInterceptors(PageResultInterceptor)
  startSso(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.startSso(req, body);
  }

  @Get('login/sso/callback')
  @Public()
  @UseInterceptors(PageResultInterceptor)
  finishSso(@Req() req: RequestWithActor) {
    return this.pages.finishSso(req);
  }

  @Post('login/second-factor')
  @Public()
  @UseInterceptors(PageResultInterceptor)
  secondFactor(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.secondFactor(req, body);
  }

  @Post('logout')
  @Roles(ANY_SIGNED_IN)
  @DuringEnrolment()
  @UseInterceptors(PageResultInterceptor)
  logout(@Req() req: RequestWithActor) {
    return this.pages.logout(req);
  }
}
