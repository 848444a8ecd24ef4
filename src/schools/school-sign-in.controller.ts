import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponse } from '../common/errors/error.response.js';
import { Actor } from '../common/actor.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { SchoolSignInDto, SchoolSignInResponse } from './dto/school-sign-in.dto.js';
import { SchoolSignInService } from './school-sign-in.service.js';

@ApiTags('schools')
@ApiBearerAuth()
@Controller('api/v1/schools/:schoolId/sign-in')
export class SchoolSignInController {
  constructor(private readonly signIn: SchoolSignInService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: "The school's OpenID Connect provider (the secret is never shown)" })
  @ApiOkResponse({ type: SchoolSignInResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  settings(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
  ): Promise<SchoolSignInResponse> {
    return this.signIn.settings(actor, schoolId);
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: "Set the school's OpenID Connect provider and allowed domains" })
  @ApiOkResponse({ type: SchoolSignInResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  update(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() dto: SchoolSignInDto,
  ): Promise<SchoolSignInResponse> {
    return this.signIn.update(actor, schoolId, dto);
  }
}
