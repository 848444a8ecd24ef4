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
import { CsvUploadInterceptor } from '../people/csv-upload.interceptor.js';
import { PageResultInterceptor } from './page-result.js';
import { PeoplePagesService } from './people-pages.service.js';

@ApiExcludeController()
@Controller('admin/schools/:schoolId')
@Roles('admin')
export class PeoplePagesController {
  constructor(private readonly pages: PeoplePagesService) {}

  @Get('people')
  @Render('admin/people')
  list(@Req() req: RequestWithActor, @Param('schoolId', new ParseUUIDPipe()) schoolId: string) {
    return this.pages.list(req, schoolId);
  }

  @Post('people')
  @UseInterceptors(PageResultInterceptor)
  add(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.add(req, schoolId, body);
  }

  @Post('people/import')
  @UseInterceptors(PageResultInterceptor, CsvUploadInterceptor)
  import(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() body: Record<string, string>,
  ) {
    return this.pages.import(req, schoolId, body);
  }

  @Get('people/:userId')
  @Render('admin/person')
  person(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ) {
    return this.pages.person(req, schoolId, userId);
  }

  @Post('people/:userId/roles')
  @UseInterceptors(PageResultInterceptor)
  setRoles(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.setRoles(req, schoolId, userId, body);
  }

  @Post('people/:userId/deactivate')
  @UseInterceptors(PageResultInterceptor)
  deactivate(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ) {
    return this.pages.deactivate(req, schoolId, userId, false);
  }

  @Post('people/:userId/reactivate')
  @UseInterceptors(PageResultInterceptor)
  reactivate(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ) {
    return this.pages.deactivate(req, schoolId, userId, true);
  }

  @Get('sign-in')
  @Render('admin/sign-in')
  signIn(@Req() req: RequestWithActor, @Param('schoolId', new ParseUUIDPipe()) schoolId: string) {
    return this.pages.signInSettings(req, schoolId);
  }

  @Post('sign-in')
  @UseInterceptors(PageResultInterceptor)
  saveSignIn(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.saveSignIn(req, schoolId, body);
  }
}
