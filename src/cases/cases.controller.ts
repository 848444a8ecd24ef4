import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { CASE_READER_ROLES } from './case-roles.js';
import { CaseEntriesService } from './case-entries.service.js';
import { CaseTransitionsService } from './case-transitions.service.js';
import { CasesService } from './cases.service.js';
import { HrAdviceDto, NoteDto, ReferralDto, TransitionDto } from './dto/case-commands.dto.js';
import { CaseDetailResponse, CaseListResponse } from './dto/case-detail.response.js';
import { ListCasesQuery } from './dto/list-cases.query.js';

@ApiTags('cases')
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly transitions: CaseTransitionsService,
    private readonly entries: CaseEntriesService,
  ) {}

  /** The cases the caller may see, newest first, a page at a time */
  @Get()
  @Roles(...CASE_READER_ROLES)
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery): Promise<CaseListResponse> {
    return this.cases.list(actor, query);
  }

  /** One case, with only the fields the caller may see */
  @Get(':id')
  @Roles(...CASE_READER_ROLES)
  @ApiErrors(404)
  detail(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseDetailResponse> {
    return this.cases.detail(actor, id);
  }

  /** Move the case to another status (DOMAIN.md §5); refused with 409 when the move is not allowed now */
  @Post(':id/transitions')
  @Roles('headteacher', 'chair_of_governors', 'governor', 'hr')
  @HttpCode(200)
  @ApiErrors(400, 404, 409)
  transition(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: TransitionDto,
  ): Promise<CaseDetailResponse> {
    return this.transitions.transition(actor, id, dto);
  }

  /** Add a note to the case's timeline */
  @Post(':id/notes')
  @Roles('headteacher', 'chair_of_governors', 'hr')
  @ApiErrors(400, 404, 409)
  addNote(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: NoteDto,
  ): Promise<CaseDetailResponse> {
    return this.entries.addNote(actor, id, dto);
  }

  /** Record HR advice, while the case waits for it */
  @Post(':id/hr-advice')
  @Roles('hr')
  @ApiErrors(400, 404, 409)
  addHrAdvice(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: HrAdviceDto,
  ): Promise<CaseDetailResponse> {
    return this.entries.addHrAdvice(actor, id, dto);
  }

  /** Record a referral to an outside agency (LADO, police, ...) */
  @Post(':id/referrals')
  @Roles('headteacher', 'chair_of_governors')
  @ApiErrors(400, 404, 409)
  addReferral(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ReferralDto,
  ): Promise<CaseDetailResponse> {
    return this.entries.addReferral(actor, id, dto);
  }
}
