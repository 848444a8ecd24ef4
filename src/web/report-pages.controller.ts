import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Render,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { LimitPerPerson, Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { ROLES } from '../common/role.js';
import { PageResultInterceptor } from './page-result.js';
import { ReportPagesService } from './report-pages.service.js';

@ApiExcludeController()
@Controller('reports')
export class ReportPagesController {
  constructor(private readonly pages: ReportPagesService) {}

  @Get('new')
  @Roles(...ROLES)
  @Render('reports/new')
  form(@Req() req: RequestWithActor) {
    return this.pages.form(req);
  }

  @Post('new')
  @Roles(...ROLES)
  @LimitPerPerson('report_filing')
  @UseInterceptors(PageResultInterceptor)
  submit(@Req() req: RequestWithActor) {
    return this.pages.submit(req);
  }

  @Get('mine')
  @Roles(...ROLES)
  @Render('reports/mine')
  mine(@Req() req: RequestWithActor) {
    return this.pages.mine(req);
  }

  @Get(':id/received')
  @Roles(...ROLES)
  @Render('reports/received')
  received(@Req() req: RequestWithActor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.pages.received(req, id);
  }
}
