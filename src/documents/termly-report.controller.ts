import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { ApiErrors, ApiFileResponse } from '../common/decorators/api-docs.decorators.js';
import { LimitPerPerson, Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { TermlyReportQuery } from './dto/case-file.query.js';
import { TERMLY_REPORT_ROLES, TermlyReportService } from './termly-report.service.js';

@ApiTags('documents')
@Controller('api/v1/schools')
export class TermlyReportController {
  constructor(private readonly reports: TermlyReportService) {}

  /** The termly governors' report: the term's figures with charts, small counts suppressed */
  @Get(':schoolId/termly-report.pdf')
  @Roles(...TERMLY_REPORT_ROLES)
  @LimitPerPerson('pdf_render')
  @ApiFileResponse(
    'The PDF, generated now and recorded so it can be verified later',
    'application/pdf',
  )
  @ApiErrors(400, 404, 503)
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Query() query: TermlyReportQuery,
  ): Promise<StreamableFile> {
    const report = await this.reports.pdfFor(actor, schoolId, query.term);
    return new StreamableFile(report.bytes, {
      type: 'application/pdf',
      disposition: `attachment; filename="${report.filename}"`,
    });
  }

  /** The same figures as the termly report, as CSV for a spreadsheet */
  @Get(':schoolId/termly-report.csv')
  @Roles(...TERMLY_REPORT_ROLES)
  @ApiFileResponse('The figures, one per line, small counts suppressed', 'text/csv')
  @ApiErrors(400, 404)
  async csv(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Query() query: TermlyReportQuery,
  ): Promise<StreamableFile> {
    const report = await this.reports.csvFor(actor, schoolId, query.term);
    // The byte-order mark tells Excel the file is UTF-8.
    return new StreamableFile(Buffer.from(`\ufeff${report.body}`, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${report.filename}"`,
    });
  }
}
