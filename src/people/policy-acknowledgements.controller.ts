import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import {
  AcknowledgePolicyDto,
  AcknowledgementStatusResponse,
  PolicyAcknowledgementResponse,
} from './dto/policy-acknowledgement.dto.js';
import { PolicyAcknowledgements } from './policy-acknowledgements.service.js';

@ApiTags('schools')
@Controller('api/v1/schools/:schoolId/policy/acknowledgements')
export class PolicyAcknowledgementsController {
  constructor(private readonly acknowledgements: PolicyAcknowledgements) {}

  /** Acknowledge that you have read the version of the school's policy in force */
  @Post()
  @Roles('staff', 'headteacher', 'dsl', 'admin') // ACKNOWLEDGING_ROLES
  @ApiCreatedResponse({ type: PolicyAcknowledgementResponse })
  @ApiErrors(400, 404, 409)
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() dto: AcknowledgePolicyDto,
  ): Promise<PolicyAcknowledgementResponse> {
    const done = await this.acknowledgements.acknowledge(actor, schoolId, dto.version);
    return { version: done.version, acknowledgedAt: done.acknowledgedAt.toISOString() };
  }

  /** For the head: who has and has not acknowledged the version in force */
  @Get()
  @Roles('headteacher')
  @ApiOkResponse({ type: AcknowledgementStatusResponse })
  @ApiErrors(400, 404)
  async status(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
  ): Promise<AcknowledgementStatusResponse> {
    const status = await this.acknowledgements.status(actor, schoolId);
    if (!status) return { version: null, acknowledged: [], outstanding: [] };
    return {
      version: status.version,
      acknowledged: status.acknowledged.map((p) => ({
        ...p,
        acknowledgedAt: p.acknowledgedAt.toISOString(),
      })),
      outstanding: status.outstanding,
    };
  }
}
