import { Controller, Get, Post, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ANY_SIGNED_IN, Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { NotificationPagesService } from './notification-pages.service.js';
import { PageResultInterceptor } from './page-result.js';

@ApiExcludeController()
@Controller('notifications')
export class NotificationPagesController {
  constructor(private readonly pages: NotificationPagesService) {}

  @Get()
  @Roles(ANY_SIGNED_IN)
  @Render('notifications/index')
  list(@Req() req: RequestWithActor) {
    return this.pages.list(req);
  }

  @Post('read')
  @Roles(ANY_SIGNED_IN)
  @UseInterceptors(PageResultInterceptor)
  markAllRead(@Req() req: RequestWithActor) {
    return this.pages.markAllRead(req);
  }
}
