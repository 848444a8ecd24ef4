import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors, ApiFileResponse } from '../common/decorators/api-docs.decorators.js';
import { LimitPerPerson, Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import {
  CreateSubjectAccessRequestDto,
  ExtendSubjectAccessRequestDto,
  ListSubjectAccessRequestsQuery,
  ReleaseSubjectAccessExportDto,
  SubjectAccessDraftResponse,
  SubjectAccessRequestResponse,
} from './dto/subject-access.dto.js';
import { SubjectAccessService, type ExportFile } from './subject-access.service.js';

/** Who keeps the register: the admin, the head and the chair. */
const REGISTER_ROLES = ['admin', 'headteacher', 'chair_of_governors'] as const;
/** Who drafts, reads and releases an export (case content): never the admin. */
const REVIEWER_ROLES = ['headteacher', 'chair_of_governors'] as const;

/** Subject access requests: the register, and the export of what is held about one person. */
@ApiTags('records')
@Controller('api/v1/subject-access-requests')
export class SubjectAccessController {
  constructor(private readonly requests: SubjectAccessService) {}

  /** Record a request as it reached the school; its due date is computed from the date received */
  @Post()
  @Roles(...REGISTER_ROLES)
  @ApiCreatedResponse({ type: SubjectAccessRequestResponse })
  @ApiErrors(400, 404)
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateSubjectAccessRequestDto,
  ): Promise<SubjectAccessRequestResponse> {
    return this.requests.create(actor, dto);
  }

  /** The school's register of requests, newest first */
  @Get()
  @Roles(...REGISTER_ROLES)
  @ApiOkResponse({ type: [SubjectAccessRequestResponse] })
  @ApiErrors(400, 404)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListSubjectAccessRequestsQuery,
  ): Promise<SubjectAccessRequestResponse[]> {
    return this.requests.list(actor, query.schoolId);
  }

  /** One request: its dates and its events */
  @Get(':id')
  @Roles(...REGISTER_ROLES)
  @ApiOkResponse({ type: SubjectAccessRequestResponse })
  @ApiErrors(404)
  get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
  ): Promise<SubjectAccessRequestResponse> {
    return this.requests.get(actor, id);
  }

  /** Extend the due date (two months at most in all) with the reason */
  @Post(':id/extend')
  @Roles(...REGISTER_ROLES)
  @HttpCode(200)
  @ApiOkResponse({ type: SubjectAccessRequestResponse })
  @ApiErrors(400, 404, 409)
  extend(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ExtendSubjectAccessRequestDto,
  ): Promise<SubjectAccessRequestResponse> {
    return this.requests.extend(actor, id, dto);
  }

  /** Draft the export (PDF and JSON) for review; answers the free-text passages to check */
  @Post(':id/export')
  @Roles(...REVIEWER_ROLES)
  @LimitPerPerson('pdf_render')
  @ApiCreatedResponse({ type: SubjectAccessDraftResponse })
  @ApiErrors(404, 409, 503)
  draft(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
  ): Promise<SubjectAccessDraftResponse> {
    return this.requests.draft(actor, id);
  }

  /** The latest export as a PDF, exactly as drafted */
  @Get(':id/export.pdf')
  @Roles(...REVIEWER_ROLES)
  @ApiFileResponse('The drafted PDF, recorded by its hash', 'application/pdf')
  @ApiErrors(404, 409)
  pdf(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return this.requests.file(actor, id, 'pdf').then(attachment);
  }

  /** The latest export as JSON, exactly as drafted */
  @Get(':id/export.json')
  @Roles(...REVIEWER_ROLES)
  @ApiFileResponse('The drafted JSON file', 'application/json')
  @ApiErrors(404, 409)
  json(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return this.requests.file(actor, id, 'json').then(attachment);
  }

  /** Release the reviewed draft to the requester: records who, when and its hashes, and answers it */
  @Post(':id/release')
  @Roles(...REVIEWER_ROLES)
  @HttpCode(200)
  @ApiOkResponse({ type: SubjectAccessRequestResponse })
  @ApiErrors(400, 404, 409)
  release(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ReleaseSubjectAccessExportDto,
  ): Promise<SubjectAccessRequestResponse> {
    return this.requests.release(actor, id, dto);
  }
}

function attachment(file: ExportFile): StreamableFile {
  return new StreamableFile(file.bytes, {
    type: file.contentType,
    disposition: `attachment; filename="${file.filename}"`,
  });
}
