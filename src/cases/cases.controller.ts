import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { CASE_ACTOR_ROLES, CASE_OWNER_ROLES, CASE_READER_ROLES } from './case-roles.js';
import { CaseOwnershipService } from './case-ownership.service.js';
import { CaseEntriesService } from './case-entries.service.js';
import { CaseTransitionsService } from './case-transitions.service.js';
import { CasesService } from './cases.service.js';
import {
  AppointPanelDto,
  CaseActionDto,
  HandoverDto,
  HrAdviceDto,
  NoteDto,
  ReclassifyDto,
  ReferralDto,
  LetterSentDto,
  ResignationDto,
  SupportDto,
  TransitionDto,
} from './dto/case-commands.dto.js';
import { CaseTrackEntriesService } from './case-track-entries.service.js';
import {
  CaseDetailResponse,
  CaseListResponse,
  HandoverResponse,
} from './dto/case-detail.response.js';
import { ListCasesQuery } from './dto/list-cases.query.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly transitions: CaseTransitionsService,
    private readonly entries: CaseEntriesService,
    private readonly ownership: CaseOwnershipService,
    private readonly trackEntries: CaseTrackEntriesService,
  ) {}

  @Get()
  @Roles(...CASE_READER_ROLES)
  @ApiOkResponse({ type: CaseListResponse })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery): Promise<CaseListResponse> {
    return this.cases.list(actor, query);
  }

  @Get(':id')
  @Roles(...CASE_READER_ROLES)
  @ApiOkResponse({ type: CaseDetailResponse })
  detail(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseDetailResponse> {
    return this.cases.detail(actor, id);
  }

  @Post(':id/transitions')
  @Roles(...CASE_ACTOR_ROLES)
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailResponse })
  transition(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: TransitionDto,
  ): Promise<CaseDetailResponse> {
    return this.transitions.transition(actor, id, dto);
  }

  @Post(':id/notes')
  @Roles(...CASE_ACTOR_ROLES)
  @ApiCreatedResponse({ type: CaseDetailResponse })
  addNote(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: NoteDto,
  ): Promise<CaseDetailResponse> {
    return this.entries.addNote(actor, id, dto);
  }

  @Post(':id/hr-advice')
  @Roles('hr')
  @ApiCreatedResponse({ type: CaseDetailResponse })
  addHrAdvice(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: HrAdviceDto,
  ): Promise<CaseDetailResponse> {
    return this.entries.addHrAdvice(actor, id, dto);
  }

  @Post(':id/referrals')
  @Roles(...CASE_OWNER_ROLES)
  @ApiCreatedResponse({ type: CaseDetailResponse })
  addReferral(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ReferralDto,
  ): Promise<CaseDetailResponse> {
    return this.entries.addReferral(actor, id, dto);
  }

  @Post(':id/handover')
  @Roles(...CASE_OWNER_ROLES)
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResponse })
  handOver(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: HandoverDto,
  ): Promise<HandoverResponse> {
    return this.ownership.handOver(actor, id, dto);
  }

  @Post(':id/panel')
  @Roles('chair_of_governors', 'headteacher')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailResponse })
  appointPanel(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: AppointPanelDto,
  ): Promise<CaseDetailResponse> {
    return this.ownership.appointPanel(actor, id, dto);
  }

  @Post(':id/reclassify')
  @Roles(...CASE_OWNER_ROLES)
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailResponse })
  reclassify(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ReclassifyDto,
  ): Promise<CaseDetailResponse> {
    return this.transitions.reclassify(actor, id, dto);
  }

  @Post(':id/actions')
  @Roles(...CASE_OWNER_ROLES)
  @ApiCreatedResponse({ type: CaseDetailResponse })
  recordAction(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: CaseActionDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordAction(actor, id, dto);
  }

  @Post(':id/support')
  @Roles(...CASE_OWNER_ROLES)
  @ApiCreatedResponse({ type: CaseDetailResponse })
  recordSupport(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: SupportDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordSupport(actor, id, dto);
  }

  @Post(':id/resignation')
  @Roles(...CASE_OWNER_ROLES)
  @ApiCreatedResponse({ type: CaseDetailResponse })
  recordResignation(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ResignationDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordResignation(actor, id, dto);
  }

  @Post(':id/letters/outcome/sent')
  @Roles(...CASE_OWNER_ROLES)
  @ApiCreatedResponse({ type: CaseDetailResponse })
  recordOutcomeLetterSent(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: LetterSentDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordOutcomeLetterSent(actor, id, dto);
  }
}
