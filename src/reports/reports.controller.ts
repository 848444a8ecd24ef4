import { Controller, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { LimitPerPerson, Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { EVIDENCE_FILE_ENCODING } from '../evidence/dto/evidence-upload.schema.js';
import { ROLES } from '../common/role.js';
import { ReadUploadForm, UploadedForm } from '../platform/uploads/upload-form.interceptor.js';
import type { UploadForm } from '../platform/uploads/upload-form.reader.js';
import { CreateReportDto, REPORT_FORM } from './dto/create-report.dto.js';
import { ReportIntakeService } from './report-intake.service.js';

@ApiTags('reports')
@ApiExtraModels(CreateReportDto)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly intake: ReportIntakeService) {}

  /** Any member of the school may report; multipart bodies stream their files into the store. */
  @Post()
  @Roles(...ROLES)
  @LimitPerPerson('report_filing')
  @ReadUploadForm(CreateReportDto, REPORT_FORM)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      allOf: [
        { $ref: getSchemaPath(CreateReportDto) },
        {
          type: 'object',
          properties: {
            evidence: {
              type: 'array',
              items: { type: 'string', format: 'binary' },
              maxItems: 10,
              description: 'multipart only: each at most 10 MiB, the type judged by the bytes',
            },
          },
        },
      ],
    },
    encoding: EVIDENCE_FILE_ENCODING,
  })
  @ApiCreatedResponse({ type: CaseDetailResponse, description: 'The new case' })
  @ApiErrors(400, 404, 409, 413, 415)
  file(
    @CurrentActor() actor: Actor,
    @UploadedForm() form: UploadForm<CreateReportDto>,
  ): Promise<CaseDetailResponse> {
    return this.intake.file(actor, form.dto, form.files);
  }
}
