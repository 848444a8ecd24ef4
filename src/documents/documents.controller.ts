import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { LimitPerPerson, Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { CaseFilesService } from './case-files.service.js';
import { CaseFileQuery, VerifyDocumentQuery } from './dto/case-file.query.js';
import { DocumentVerdict, IssuedDocumentsService } from './issued-documents.service.js';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/v1')
export class DocumentsController {
  constructor(
    private readonly caseFiles: CaseFilesService,
    private readonly issued: IssuedDocumentsService,
  ) {}

  @Get('cases/:id/case-file.pdf')
  @Roles('headteacher', 'chair_of_governors', 'governor', 'hr')
  @LimitPerPerson('pdf_render')
  @ApiProduces('application/pdf')
  caseFile(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: CaseFileQuery,
  ): Promise<StreamableFile> {
    return this.caseFiles.download(actor, id, query.variant).then(
      (pdf) =>
        new StreamableFile(pdf.bytes, {
          type: 'application/pdf',
          disposition: `attachment; filename="${pdf.filename}"`,
        }),
    );
  }

  @Get('documents/verify')
  @Roles('headteacher', 'chair_of_governors', 'hr')
  @ApiOkResponse({
    schema: { example: { genuine: true, caseReference: 'OAK-2026-0007', variant: 'hr' } },
  })
  verify(
    @CurrentActor() actor: Actor,
    @Query() query: VerifyDocumentQuery,
  ): Promise<DocumentVerdict> {
    return this.issued.verify(actor, query.sha256);
  }
}
