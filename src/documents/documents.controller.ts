import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CASE_ACTOR_ROLES, CASE_READER_ROLES } from '../cases/case-roles.js';
import { ApiErrors, ApiFileResponse } from '../common/decorators/api-docs.decorators.js';
import { LimitPerPerson, Roles } from '../common/decorators/access.decorators.js';
import { ClientGone } from '../common/decorators/client-gone.decorator.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { CaseFileRendersService } from './case-file-renders.service.js';
import type { CaseFilePdf } from './case-files.service.js';
import { CaseLettersService } from './case-letters.service.js';
import { EvidencePacksService } from './evidence-packs.service.js';
import {
  CaseFileQuery,
  DocumentVerdictResponse,
  VerifyDocumentQuery,
} from './dto/case-file.query.js';
import { IssuedDocumentsService } from './issued-documents.service.js';

@ApiTags('documents')
@Controller('api/v1')
export class DocumentsController {
  constructor(
    private readonly caseFiles: CaseFileRendersService,
    private readonly letters: CaseLettersService,
    private readonly issued: IssuedDocumentsService,
    private readonly packs: EvidencePacksService,
  ) {}

  /**
   * Download a case file as a PDF: the full HR file, or the governors' redacted summary. A file
   * with many evidence images is made in the background: 202 with `Retry-After`, a notice when
   * it is ready, and the next download of the unchanged case gets it. A browser is sent back to
   * the case page with that said, instead of the JSON.
   */
  @Get('cases/:id/case-file.pdf')
  @Roles(...CASE_ACTOR_ROLES)
  @LimitPerPerson('pdf_render')
  @ApiFileResponse(
    'The PDF, generated now (or in the background, when big) and recorded so it can be verified later',
    'application/pdf',
  )
  @ApiErrors(400, 404, 409, 429, 503)
  async caseFile(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: CaseFileQuery,
    @ClientGone() gone: AbortSignal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile | CaseFileRenderingBody | void> {
    const outcome = await this.caseFiles.download(actor, id, query.variant, gone);
    if (outcome.kind === 'pdf') return attachment(outcome.pdf);
    const browser = req.accepts(['json', 'html']) === 'html';
    if (outcome.kind === 'failed') {
      if (browser) return res.redirect(303, `/cases/${id}?done=case_file_failed`);
      throw new DomainException(
        503,
        'CASE_FILE_RENDER_FAILED',
        `The case file could not be made in the background (${outcome.failureCode}); download it again to try once more`,
      );
    }
    if (browser) return res.redirect(303, `/cases/${id}?done=case_file_rendering`);
    res.status(202).setHeader('Retry-After', '15');
    return {
      status: 'rendering',
      renderId: outcome.renderId,
      imageCount: outcome.imageCount,
      requestedAt: outcome.requestedAt.toISOString(),
      message: `This case file holds ${outcome.imageCount} images, so it is being made in the background. You will get a notice when it is ready; then download it again.`,
    };
  }

  /** Download the evidence pack: a ZIP of the case's original evidence files and a manifest */
  @Get('cases/:id/evidence-pack.zip')
  @Roles(...CASE_ACTOR_ROLES)
  @ApiFileResponse(
    'The ZIP: the original files, named by item number and hash, with manifest.json and manifest.csv; made now and recorded so it can be verified later',
    'application/zip',
  )
  @ApiErrors(404)
  async evidencePack(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ClientGone() gone: AbortSignal,
  ): Promise<StreamableFile> {
    const pack = await this.packs.download(actor, id, gone);
    return new StreamableFile(pack.stream, {
      type: 'application/zip',
      length: pack.size,
      disposition: `attachment; filename="${pack.filename}"`,
    });
  }

  /** The letter inviting the employee to the disciplinary hearing, as a PDF */
  @Get('cases/:id/invitation-letter.pdf')
  @Roles(...CASE_READER_ROLES)
  @LimitPerPerson('pdf_render')
  @ApiFileResponse(
    'The letter, generated now and recorded so it can be verified later',
    'application/pdf',
  )
  @ApiErrors(404, 409, 503)
  invitationLetter(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return this.letters.download(actor, id, 'invitation').then(attachment);
  }

  /** The letter giving the hearing's outcome and the right of appeal, as a PDF */
  @Get('cases/:id/outcome-letter.pdf')
  @Roles(...CASE_READER_ROLES)
  @LimitPerPerson('pdf_render')
  @ApiFileResponse(
    'The letter, generated now and recorded so it can be verified later',
    'application/pdf',
  )
  @ApiErrors(404, 409, 503)
  outcomeLetter(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return this.letters.download(actor, id, 'outcome').then(attachment);
  }

  /** Check whether a PDF is one this system produced, by the SHA-256 of its bytes */
  @Get('documents/verify')
  @Roles('headteacher', 'dsl', 'chair_of_governors', 'hr')
  @ApiErrors(400)
  verify(
    @CurrentActor() actor: Actor,
    @Query() query: VerifyDocumentQuery,
  ): Promise<DocumentVerdictResponse> {
    return this.issued.verify(actor, query.sha256);
  }
}

function attachment(pdf: CaseFilePdf): StreamableFile {
  return new StreamableFile(pdf.bytes, {
    type: 'application/pdf',
    disposition: `attachment; filename="${pdf.filename}"`,
  });
}

/** The 202 answer for a case file being made in the background. */
interface CaseFileRenderingBody {
  status: 'rendering';
  renderId: string;
  imageCount: number;
  requestedAt: string;
  message: string;
}
