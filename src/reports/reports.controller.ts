import { Controller, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiTags,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CaseDetailResponse } from '../cases/dto/case-detail.response.js';
import { Actor } from '../common/actor.js';
import { LimitPerPerson, Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { ROLES } from '../users/role.js';
import { CreateReportDto } from './dto/create-report.dto.js';
import { ReportIntakeService } from './report-intake.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(CreateReportDto)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly intake: ReportIntakeService) {}

  /** Any member of the school may report; the body is read by the intake (multipart streams). */
  @Post()
  @Roles(...ROLES)
  @LimitPerPerson('report_filing')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      allOf: [
        { $ref: getSchemaPath(CreateReportDto) },
        {
          type: 'object',
          properties: {
            evidence: { type: 'array', items: { type: 'string', format: 'binary' }, maxItems: 10 },
          },
        },
      ],
    },
  })
  @ApiCreatedResponse({ type: CaseDetailResponse })
  file(@CurrentActor() actor: Actor, @Req() req: Request): Promise<CaseDetailResponse> {
    return this.intake.file(actor, req);
  }
}
