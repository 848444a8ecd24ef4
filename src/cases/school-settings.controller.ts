import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { SchoolSettingsDto, SchoolSettingsResponse } from './dto/school-settings.dto.js';
import { SchoolSettingsService } from './school-settings.service.js';

@ApiTags('schools')
@Controller('api/v1/schools/:schoolId/settings')
export class SchoolSettingsController {
  constructor(private readonly settings: SchoolSettingsService) {}

  /** The school's procedural rules: notice, appeal window, warning expiry, dismissal panel, closures */
  @Get()
  @Roles('admin', 'headteacher')
  @ApiOkResponse({ type: SchoolSettingsResponse })
  @ApiErrors(400, 404)
  read(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
  ): Promise<SchoolSettingsResponse> {
    return this.settings.get(actor, schoolId);
  }

  /** Set the school's procedural rules (the admin); cases already decided keep their dates */
  @Put()
  @Roles('admin')
  @ApiOkResponse({ type: SchoolSettingsResponse })
  @ApiErrors(400, 404)
  update(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() dto: SchoolSettingsDto,
  ): Promise<SchoolSettingsResponse> {
    return this.settings.update(actor, schoolId, dto);
  }
}
