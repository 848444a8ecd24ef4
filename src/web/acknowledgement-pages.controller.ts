import { Body, Controller, Get, Post, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { AcknowledgementPagesService } from './acknowledgement-pages.service.js';
import { PageResultInterceptor } from './page-result.js';

@ApiExcludeController()
@Controller('policy')
export class AcknowledgementPagesController {
  constructor(private readonly pages: AcknowledgementPagesService) {}

  @Get('acknowledge')
  @Roles('staff', 'headteacher', 'dsl', 'admin')
  @Render('policy/acknowledge')
  acknowledgePage(@Req() req: RequestWithActor) {
    return this.pages.acknowledgePage(req);
  }

  @Post('acknowledge')
  @Roles('staff', 'headteacher', 'dsl', 'admin')
  @UseInterceptors(PageResultInterceptor)
  acknowledge(@Req() req: RequestWithActor, @Body() body: Record<string, unknown>) {
    return this.pages.acknowledge(req, body);
  }

  @Get('acknowledgements')
  @Roles('headteacher')
  @Render('policy/acknowledgements')
  statusPage(@Req() req: RequestWithActor) {
    return this.pages.statusPage(req);
  }
}
