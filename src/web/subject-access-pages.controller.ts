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
import { SubjectAccessPagesService } from './subject-access-pages.service.js';

/** The admin's register of subject access requests; the export stays with the reviewer (API). */
@ApiExcludeController()
@Controller('admin/schools/:schoolId/subject-access')
@Roles('admin')
export class SubjectAccessPagesController {
  constructor(private readonly pages: SubjectAccessPagesService) {}

  @Get()
  @Render('admin/subject-access')
  show(@Req() req: RequestWithActor, @Param('schoolId', new ParseUUIDPipe()) schoolId: string) {
    return this.pages.show(req, schoolId);
  }

  @Post()
  @UseInterceptors(PageResultInterceptor)
  record(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.record(req, schoolId, body);
  }
}
