import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Render,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CASE_ACTOR_ROLES, CASE_OWNER_ROLES, CASE_READER_ROLES } from '../cases/case-roles.js';
import { Roles } from '../common/decorators/access.decorators.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { CasePagesService } from './case-pages.service.js';
import { CachedPageInterceptor, type PageView } from './cached-page.interceptor.js';
import { PageResultInterceptor } from './page-result.js';

@ApiExcludeController()
@Controller()
export class CasePagesController {
  constructor(private readonly pages: CasePagesService) {}

  @Get('cases')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(CachedPageInterceptor)
  async inbox(
    @Req() req: RequestWithActor,
    @Query() query: Record<string, unknown>,
  ): Promise<PageView> {
    return { view: 'web/cases/index', model: await this.pages.inbox(req, query) };
  }

  @Get('hr')
  @Roles('hr')
  @Render('hr/index')
  hr(@Req() req: RequestWithActor) {
    return this.pages.hrQueue(req);
  }

  @Get('cases/:id')
  @Roles(...CASE_READER_ROLES)
  @Render('cases/show')
  show(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    // "Merge it into this case" beside a look-alike picks that report in the merge form.
    @Query('merge') merge?: string,
  ) {
    return this.pages.show(req, id, [], undefined, undefined, merge);
  }

  @Post('cases/:id/transition')
  @Roles(...CASE_READER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  transition(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.transition(req, id, body);
  }

  @Post('cases/:id/notes')
  @Roles(...CASE_ACTOR_ROLES)
  @UseInterceptors(PageResultInterceptor)
  note(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.note(req, id, body);
  }

  @Post('cases/:id/messages')
  @Roles(...CASE_READER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  message(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.message(req, id, body);
  }

  @Post('cases/:id/hr-advice')
  @Roles('hr')
  @UseInterceptors(PageResultInterceptor)
  advice(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.advice(req, id, body);
  }

  @Post('cases/:id/referrals')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  referral(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.referral(req, id, body);
  }

  @Post('cases/:id/evidence')
  @Roles(...CASE_READER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  evidence(@Req() req: RequestWithActor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.pages.addEvidence(req, id);
  }

  @Post('cases/:id/handover')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  handover(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.handover(req, id, body);
  }

  @Post('cases/:id/panel')
  @Roles('chair_of_governors', 'headteacher')
  @UseInterceptors(PageResultInterceptor)
  panel(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.appointPanel(req, id, body);
  }

  @Post('cases/:id/merge')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  merge(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.merge(req, id, body);
  }

  @Post('cases/:id/reclassify')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  reclassify(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.reclassify(req, id, body);
  }

  @Post('cases/:id/hearing-record')
  @Roles(...CASE_READER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  hearingRecord(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.recordHearing(req, id, body);
  }

  @Post('cases/:id/letters/outcome/sent')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  letterSent(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.recordLetterSent(req, id, body);
  }

  @Post('cases/:id/actions')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  action(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.recordAction(req, id, body);
  }

  @Post('cases/:id/support')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  support(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.recordSupport(req, id, body);
  }

  @Post('cases/:id/resignation')
  @Roles(...CASE_OWNER_ROLES)
  @UseInterceptors(PageResultInterceptor)
  resignation(
    @Req() req: RequestWithActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.recordResignation(req, id, body);
  }
}
