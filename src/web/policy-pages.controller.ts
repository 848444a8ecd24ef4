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
import {
  PolicyUploadInterceptor,
  type PolicyUpload,
} from '../schools/policy-import/policy-upload.interceptor.js';
import { PageResultInterceptor } from './page-result.js';
import { PolicyPagesService } from './policy-pages.service.js';

@ApiExcludeController()
@Controller('admin/schools/:schoolId/policy')
@Roles('admin')
export class PolicyPagesController {
  constructor(private readonly pages: PolicyPagesService) {}

  @Get('import')
  @Render('admin/policy-import')
  importForm(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
  ) {
    return this.pages.importForm(req, schoolId);
  }

  @Post('import')
  @UseInterceptors(PageResultInterceptor, PolicyUploadInterceptor)
  propose(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() body: PolicyUpload,
  ) {
    return this.pages.propose(req, schoolId, body);
  }

  @Post('import/publish')
  @UseInterceptors(PageResultInterceptor)
  publish(
    @Req() req: RequestWithActor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.pages.publish(req, schoolId, body);
  }
}
