import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { ROLES } from '../common/role.js';
import {
  PolicyProposalDto,
  PolicyProposalResponse,
  PublishPolicyDto,
} from './dto/policy-publish.dto.js';
import { PolicyResponse, PublishedPolicyResponse } from './dto/policy.response.js';
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

  /** Publish a new version of the school's policy, with who approved it and its review date */
  @Post(':schoolId/policy/versions')
  @Roles('admin')
  @ApiCreatedResponse({ type: PublishedPolicyResponse })
  @ApiErrors(400, 404)
  publish(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() dto: PublishPolicyDto,
  ): Promise<PublishedPolicyResponse> {
    return this.policy.publish(
      actor,
      schoolId,
      dto.clauses.map((c) => ({ code: c.code ?? null, title: c.title, text: c.text })),
      { approvedBy: dto.approvedBy, approvedOn: dto.approvedOn, reviewDue: dto.reviewDue },
    );
  }

  /** Propose clauses from the school's own policy text, for the admin to confirm (nothing is saved) */
  @Post(':schoolId/policy/proposals')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: PolicyProposalResponse })
  @ApiErrors(400, 404, 413)
  propose(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() dto: PolicyProposalDto,
  ): PolicyProposalResponse {
    return this.policy.propose(actor, schoolId, dto.text);
  }
}
