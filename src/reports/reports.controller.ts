import { Controller, Post, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/decorators/api-docs.decorators.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { EVIDENCE_FILE_ENCODING } from '../evidence/dto/evidence-upload.schema.js';
import { ROLES } from '../users/role.js';
import { CreateReportDto } from './dto/create-report.dto.js';
import { ReportIntakeService } from './report-intake.service.js';

@ApiTags('reports')
@ApiExtraModels(CreateReportDto)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly intake: ReportIntakeService) {}

  /** File a report with up to 10 evidence files (multipart), or none (JSON); a bad file refuses it whole */
  @Post()
  @Roles(...ROLES)
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
  file(@CurrentActor() actor: Actor, @Req() req: Request): Promise<CaseDetailResponse> {
    return this.intake.file(actor, req);
  }
}
