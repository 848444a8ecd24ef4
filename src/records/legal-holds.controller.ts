import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CASE_OWNER_ROLES } from '../cases/case-roles.js';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { LegalHoldReasonDto, LegalHoldResponse } from './dto/legal-hold.dto.js';
import { LegalHoldsService } from './legal-holds.service.js';

/** Legal holds on a case: its owner, or the school's admin (who sees no case content). */
@ApiTags('records')
@Controller('api/v1/cases/:id/legal-holds')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHoldsService) {}

  /** The case's holds, active and lifted */
  @Get()
  @Roles(...CASE_OWNER_ROLES, 'admin')
  @ApiOkResponse({ type: [LegalHoldResponse] })
  @ApiErrors(404)
  list(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LegalHoldResponse[]> {
    return this.holds.list(actor, id);
  }

  /** Place a legal hold with its reason: nothing on the case is deleted until it is lifted */
  @Post()
  @Roles(...CASE_OWNER_ROLES, 'admin')
  @ApiCreatedResponse({ type: LegalHoldResponse })
  @ApiErrors(400, 404)
  place(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: LegalHoldReasonDto,
  ): Promise<LegalHoldResponse> {
    return this.holds.place(actor, id, dto);
  }

  /** Lift a hold with the reason it is no longer needed */
  @Post(':holdId/lift')
  @Roles(...CASE_OWNER_ROLES, 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: LegalHoldResponse })
  @ApiErrors(400, 404, 409)
  lift(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('holdId') holdId: string,
    @Body() dto: LegalHoldReasonDto,
  ): Promise<LegalHoldResponse> {
    return this.holds.lift(actor, id, holdId, dto);
  }
}
