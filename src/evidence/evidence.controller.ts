import { Controller, Get, Header, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CASE_ACTOR_ROLES, CASE_READER_ROLES } from '../cases/case-roles.js';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import { PLATFORMS } from '../cases/case.constants.js';
import { Actor } from '../common/actor.js';
import { ApiErrors, ApiFileResponse } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { ReadUploadForm, UploadedForm } from '../platform/uploads/upload-form.interceptor.js';
import type { UploadForm } from '../platform/uploads/upload-form.reader.js';
import { AddEvidenceDto, EVIDENCE_FORM } from './dto/add-evidence.dto.js';
import { EVIDENCE_FILE_ENCODING, EVIDENCE_MIME_TYPES } from './dto/evidence-upload.schema.js';
import { EvidenceService } from './evidence.service.js';

@ApiTags('evidence')
@Controller('api/v1')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** Add screenshots or documents to a case: its reporter while it is open, or its owner */
  @Post('cases/:id/evidence')
  @Roles(...CASE_READER_ROLES)
  @ReadUploadForm(AddEvidenceDto, EVIDENCE_FORM)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['evidence'],
      properties: {
        evidence: {
          type: 'array',
          items: { type: 'string', format: 'binary' },
          minItems: 1,
          maxItems: 10,
          description: 'each at most 10 MiB; the type is judged by the bytes',
        },
        evidenceCapturedAt: {
          type: 'array',
          items: { type: 'string', format: 'date-time' },
          description: 'when each screenshot was taken, aligned with `evidence` by position',
        },
        platform: { type: 'string', enum: [...PLATFORMS] },
        postUrl: { type: 'string', format: 'uri' },
      },
    },
    encoding: EVIDENCE_FILE_ENCODING,
  })
  @ApiCreatedResponse({ type: CaseDetailResponse, description: 'The case, with the new evidence' })
  @ApiErrors(400, 404, 413, 415)
  add(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @UploadedForm() form: UploadForm<AddEvidenceDto>,
  ): Promise<CaseDetailResponse> {
    return this.evidence.attach(actor, id, form.dto, form.files);
  }

  /** Download the exact stored bytes of one piece of evidence */
  @Get('evidence/:id/content')
  @Roles(...CASE_ACTOR_ROLES)
  @ApiFileResponse(
    'The bytes as received; Content-Type as detected from them',
    ...EVIDENCE_MIME_TYPES,
  )
  @ApiErrors(404)
  content(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return this.evidence.open(actor, id);
  }

  /** Show one image in the browser without saving it: inline, sandboxed, never stored */
  @Get('evidence/:id/view')
  @Roles(...CASE_ACTOR_ROLES)
  // A sandboxed document runs nothing and has no origin of its own, so even a hostile image
  // could not act as the school's site; no-store keeps it out of every cache on a shared
  // staff-room computer. The global no-store says the same; said here, it stays with the route.
  @Header('Content-Security-Policy', "sandbox; default-src 'none'; frame-ancestors 'none'")
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    description:
      'The image, `Content-Disposition: inline`, with `Content-Security-Policy: sandbox` and `Cache-Control: no-store`. Recorded as a view in the chain of custody; images only (a PDF is downloaded).',
    content: Object.fromEntries(
      EVIDENCE_MIME_TYPES.filter((t) => t.startsWith('image/')).map((type) => [
        type,
        { schema: { type: 'string', format: 'binary' } },
      ]),
    ),
  })
  @ApiErrors(404)
  view(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return this.evidence.view(actor, id);
  }
}
