import { Controller, Get, Param, Post, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CASE_ACTOR_ROLES, CASE_READER_ROLES } from '../cases/case-roles.js';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import { Actor } from '../common/actor.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { ReadUploadForm, UploadedForm } from '../platform/uploads/upload-form.interceptor.js';
import type { UploadForm } from '../platform/uploads/upload-form.reader.js';
import { AddEvidenceDto, EVIDENCE_FORM } from './dto/add-evidence.dto.js';
import { EvidenceService } from './evidence.service.js';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api/v1')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('cases/:id/evidence')
  @Roles(...CASE_READER_ROLES)
  @ReadUploadForm(AddEvidenceDto, EVIDENCE_FORM)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        evidence: { type: 'array', items: { type: 'string', format: 'binary' } },
        evidenceCapturedAt: { type: 'array', items: { type: 'string', format: 'date-time' } },
        platform: { type: 'string' },
        postUrl: { type: 'string' },
      },
    },
  })
  @ApiCreatedResponse({ type: CaseDetailResponse })
  add(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @UploadedForm() form: UploadForm<AddEvidenceDto>,
  ): Promise<CaseDetailResponse> {
    return this.evidence.attach(actor, id, form.dto, form.files);
  }

  @Get('evidence/:id/content')
  @Roles(...CASE_ACTOR_ROLES)
  @ApiProduces('image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf')
  content(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return this.evidence.open(actor, id);
  }
}
