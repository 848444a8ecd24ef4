import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { CachedJsonInterceptor } from '../common/http/cached-json.interceptor.js';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { CASE_ACTOR_ROLES, CASE_OWNER_ROLES, CASE_READER_ROLES } from './case-roles.js';
import { CaseOwnershipService } from './case-ownership.service.js';
import { CaseEntriesService } from './case-entries.service.js';
import { CaseMessagesService } from './case-messages.service.js';
import { SimilarEvidenceService } from './similar-evidence.service.js';
import { CaseTrackEntriesService } from './case-track-entries.service.js';
import { CaseTransitionsService } from './case-transitions.service.js';
import { CasesService } from './cases.service.js';
import {
  AppointPanelDto,
  CaseActionDto,
  HandoverDto,
  HrAdviceDto,
  HearingRecordDto,
  LetterSentDto,
  MessageDto,
  NoteDto,
  MergeCasesDto,
  ReclassifyDto,
  ReferralDto,
  ResignationDto,
  SupportDto,
  TransitionDto,
} from './dto/case-commands.dto.js';
import {
  CaseDetailResponse,
  CaseListResponse,
  CaseMessageResponse,
  CaseMessagesResponse,
  SimilarEvidenceResponse,
  HandoverResponse,
} from './dto/case-detail.response.js';
import { ListCasesQuery } from './dto/list-cases.query.js';

@ApiTags('cases')
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly transitions: CaseTransitionsService,
    private readonly entries: CaseEntriesService,
    private readonly ownership: CaseOwnershipService,
    private readonly trackEntries: CaseTrackEntriesService,
    private readonly messages: CaseMessagesService,
    private readonly similar: SimilarEvidenceService,
  ) {}

  /** The cases the caller may see, newest first, a page at a time */
  @Get()
  @Roles(...CASE_READER_ROLES)
  @ApiErrors(400)
  @UseInterceptors(CachedJsonInterceptor)
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery): Promise<CaseListResponse> {
    return this.cases.list(actor, query);
  }

  /** One case, with only the fields the caller may see */
  @Get(':id')
  @Roles(...CASE_READER_ROLES)
  @ApiErrors(404)
  detail(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseDetailResponse> {
    return this.cases.read(actor, id);
  }

  /** Make one of the moves the case's track allows (DOMAIN.md §5); refused with 409 and the rule's code */
  @Post(':id/transitions')
  // Staff too: the hearing manager may be a deputy head holding the staff role alone.
  @Roles(...CASE_READER_ROLES)
  @HttpCode(200)
  @ApiErrors(400, 404, 409, 422)
  transition(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: TransitionDto,
  ): Promise<CaseDetailResponse> {
    return this.transitions.transition(actor, id, dto);
  }

  /** Move the case to another track with a reason; its clocks start again */
  @Post(':id/reclassify')
  @Roles(...CASE_OWNER_ROLES)
  @HttpCode(200)
  @ApiErrors(400, 404, 409)
  reclassify(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ReclassifyDto,
  ): Promise<CaseDetailResponse> {
    return this.transitions.reclassify(actor, id, dto);
  }

  /**
   * Merge another report into this case (the owner of both): both timelines are kept, the
   * merged report is closed and read on this case
   */
  @Post(':id/merge')
  @Roles(...CASE_OWNER_ROLES)
  @HttpCode(200)
  @ApiErrors(400, 404, 409)
  merge(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: MergeCasesDto,
  ): Promise<CaseDetailResponse> {
    return this.transitions.merge(actor, id, dto);
  }

  /** Add a note to the case's timeline (the owner's note on an investigation is its review) */
  @Post(':id/notes')
  @Roles(...CASE_ACTOR_ROLES)
  @ApiErrors(400, 404, 409)
  addNote(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: NoteDto,
  ): Promise<CaseDetailResponse> {
    return this.entries.addNote(actor, id, dto);
  }

  /** Screenshots in other cases (that the caller may open) that look like copies of this case's */
  @Get(':id/similar-evidence')
  @Roles(...CASE_ACTOR_ROLES)
  @ApiErrors(404)
  similarEvidence(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
  ): Promise<SimilarEvidenceResponse> {
    return this.similar.forCase(actor, id);
  }

  /** The thread between the school (owner and HR) and the person who made the report */
  @Get(':id/messages')
  @Roles(...CASE_READER_ROLES)
  @ApiErrors(404)
  listMessages(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
  ): Promise<CaseMessagesResponse> {
    return this.messages.list(actor, id);
  }

  /** Send a message on that thread: the owner or HR to the reporter, or the reporter back */
  @Post(':id/messages')
  @Roles(...CASE_READER_ROLES)
  @ApiErrors(400, 404)
  sendMessage(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: MessageDto,
  ): Promise<CaseMessageResponse> {
    return this.messages.send(actor, id, dto);
  }

  /** Record HR advice on a case sent for advice */
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

  /** Record a referral to an outside agency (LADO, police, IWF, POSH, ...) */
  @Post(':id/referrals')
  @Roles(...CASE_OWNER_ROLES)
  @ApiErrors(400, 404, 409)
  addReferral(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ReferralDto,
  ): Promise<CaseDetailResponse> {
    return this.entries.addReferral(actor, id, dto);
  }

  /** Hand the case to someone without a conflict, with a reason; the caller loses it at once */
  @Post(':id/handover')
  @Roles(...CASE_OWNER_ROLES)
  @HttpCode(200)
  @ApiErrors(400, 404, 409)
  handOver(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: HandoverDto,
  ): Promise<HandoverResponse> {
    return this.ownership.handOver(actor, id, dto);
  }

  /** Appoint the people who hear the case's appeal (none previously involved) */
  @Post(':id/panel')
  @Roles('chair_of_governors', 'headteacher')
  @HttpCode(200)
  @ApiErrors(400, 404, 409)
  appointPanel(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: AppointPanelDto,
  ): Promise<CaseDetailResponse> {
    return this.ownership.appointPanel(actor, id, dto);
  }

  /** Record an action taken on online abuse or a pupil's behaviour */
  @Post(':id/actions')
  @Roles(...CASE_OWNER_ROLES)
  @ApiErrors(400, 404, 409)
  recordAction(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: CaseActionDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordAction(actor, id, dto);
  }

  /** Record the support offered to the member of staff targeted by online abuse */
  @Post(':id/support')
  @Roles(...CASE_OWNER_ROLES)
  @ApiErrors(400, 404, 409)
  recordSupport(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: SupportDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordSupport(actor, id, dto);
  }

  /** Record that the person the case is about resigned; the procedure still concludes */
  @Post(':id/resignation')
  @Roles(...CASE_OWNER_ROLES)
  @ApiErrors(400, 404, 409)
  recordResignation(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ResignationDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordResignation(actor, id, dto);
  }

  /** Record the date the outcome letter was sent; the appeal window runs from it */
  @Post(':id/letters/outcome/sent')
  @Roles(...CASE_OWNER_ROLES)
  @ApiErrors(400, 404, 409)
  recordOutcomeLetterSent(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: LetterSentDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordOutcomeLetterSent(actor, id, dto);
  }

  /** Record the disciplinary hearing: when it was held, who came with the employee, the notes */
  @Post(':id/hearing-record')
  @Roles(...CASE_READER_ROLES)
  @ApiErrors(400, 404, 409)
  recordHearing(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: HearingRecordDto,
  ): Promise<CaseDetailResponse> {
    return this.trackEntries.recordHearing(actor, id, dto);
  }
}
