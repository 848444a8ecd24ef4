import {
  Body,
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
import { Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { PageResultInterceptor } from './page-result.js';
import { SettingsPagesService } from './settings-pages.service.js';

@ApiExcludeController()
@Controller('admin/schools/:schoolId/settings')
@Roles('admin')
export class SettingsPagesController {
  constructor(private readonly pages: SettingsPagesService) {}

  @Get()
  @Render('admin/settings')
  show(@Req() req: RequestWithActor, @Param('schoolId', new ParseUUIDPipe()) schoolId: string) {
    return this.pages.show(req, schoolId);
  }

  @Post()
  @UseInterceptors(PageResultInterceptor)
  save(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.save(req, schoolId, body);
  }
}
