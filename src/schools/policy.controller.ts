import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { ROLES } from '../common/role.js';
import { PolicyResponse } from './dto/policy.response.js';
import { PolicyService } from './policy.service.js';

@ApiTags('schools')
@Controller('api/v1/schools')
export class PolicyController {
  constructor(private readonly policy: PolicyService) {}

  /** The school's current policy catalogue: the clauses a report may cite */
  @Get(':schoolId/policy')
  @Roles(...ROLES)
  @ApiErrors(400, 404)
  current(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
  ): Promise<PolicyResponse> {
    return this.policy.current(actor, schoolId);
  }
}
