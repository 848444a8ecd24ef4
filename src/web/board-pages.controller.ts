import { Body, Controller, Get, Post, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { AdminPagesService } from './admin-pages.service.js';
import { GovernorPagesService } from './governor-pages.service.js';
import { PageResultInterceptor } from './page-result.js';

@ApiExcludeController()
@Controller()
export class BoardPagesController {
  constructor(
    private readonly governors: GovernorPagesService,
    private readonly admin: AdminPagesService,
  ) {}

  @Get('governors')
  @Roles('governor', 'chair_of_governors')
  @Render('governors/index')
  governorsPage(@Req() req: RequestWithActor) {
    return this.governors.overview(req);
  }

  @Get('admin')
  @Roles('admin')
  @Render('admin/index')
  adminPage(@Req() req: RequestWithActor) {
    return this.admin.overview(req);
  }

  @Post('admin/audit-check')
  @Roles('admin')
  @Render('admin/index')
  auditCheck(@Req() req: RequestWithActor) {
    return this.admin.checkChain(req);
  }

  @Post('admin/policy')
  @Roles('admin')
  @UseInterceptors(PageResultInterceptor)
  publishPolicy(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.admin.publishPolicy(req, body);
  }
}
